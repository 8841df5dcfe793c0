package org.fusionexchange.intake.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.domain.CaseReport;
import org.fusionexchange.intake.domain.EventType;
import org.fusionexchange.intake.domain.Receipt;
import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportStatus;
import org.fusionexchange.intake.domain.ReportType;
import org.fusionexchange.intake.mapping.ReportMapper;
import org.fusionexchange.intake.messaging.HandedRecords;
import org.fusionexchange.intake.messaging.OutboxWritten;
import org.fusionexchange.intake.messaging.OutboxWritten.Written;
import org.fusionexchange.intake.repository.CaseReportEntity;
import org.fusionexchange.intake.repository.CaseReportRepository;
import org.fusionexchange.intake.repository.IdempotencyKeyRepository;
import org.fusionexchange.intake.repository.NewReportRows;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.intake.repository.ReportVersionRepository;
import org.fusionexchange.intake.service.ReportRefused.Reason;
import org.fusionexchange.intake.tracing.ReportTraces;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The rules of case reports, reachable without HTTP. Every change writes the report, its version and its
 * case-reports message in one transaction (the transactional outbox); the relay publishes after the commit.
 */
@ApplicationScoped
@Transactional
public class CaseReportService {

    private static final Logger LOG = Logger.getLogger(CaseReportService.class);

    /** The answer to a submission; {@code replayed} when an Idempotency-Key matched an earlier one. */
    public record Submission(Receipt receipt, boolean replayed) {
    }

    /** One item of a batch: its receipt, or the rules it breaks. */
    public record ItemResult(int index, Receipt receipt, List<Violation> violations) {
    }

    /** A report as listed: identity, type and state, without the narrative. */
    public record ReportSummary(UUID id,
            @Schema(maxLength = ReportValidator.MAX_EXTERNAL_REF, pattern = ReportValidator.ONE_LINE_TEXT)
            String externalRef,
            @Schema(implementation = ReportType.class) String type,
            @Schema(minimum = "1", maximum = "2147483647") int version,
            @Schema(implementation = ReportStatus.class) String status,
            Instant receivedAt, Instant updatedAt) {
    }

    /**
     * A new report to store, prepared by the request that submitted it: its event id, its body (serialised once),
     * its case-reports record (handed to the relay with the commit; null when the relay's hand-off is full), and
     * the traceparent of the request when that was traced.
     */
    private record NewReport(CaseReport report, UUID eventId, String body, Written record, String traceParent) {
    }

    private final CaseReportRepository reports;
    private final ReportVersionRepository versions;
    private final OutboxRepository outbox;
    private final NewReportRows newRows;
    private final IdempotencyKeyRepository idempotencyKeys;
    private final ReportMapper mapper;
    private final Event<OutboxWritten> outboxWritten;
    private final HandedRecords handed;
    private final String topic;
    private final GroupCommit<NewReport> newReports;

    public CaseReportService(CaseReportRepository reports, ReportVersionRepository versions, OutboxRepository outbox,
            NewReportRows newRows, IdempotencyKeyRepository idempotencyKeys, ReportMapper mapper,
            Event<OutboxWritten> outboxWritten, HandedRecords handed, IntakeConfig config) {
        this.reports = reports;
        this.versions = versions;
        this.outbox = outbox;
        this.newRows = newRows;
        this.idempotencyKeys = idempotencyKeys;
        this.mapper = mapper;
        this.outboxWritten = outboxWritten;
        this.handed = handed;
        this.topic = config.relay().topic();
        this.newReports = new GroupCommit<>(group -> QuarkusTransaction.requiringNew().run(() -> storeNew(group)),
                config.groupCommit().maxSize(), config.groupCommit().writers());
    }

    /**
     * Stores a new report. With an Idempotency-Key already used by the agency, answers the first receipt for the
     * same body and refuses another body. Without one, the report is committed together with those that other
     * requests submit at the same moment (group commit), each report still with its own event in the outbox.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Submission submit(String agency, ReportInput input, String idempotencyKey) {
        rejectIfInvalid(ReportValidator.validate(input, now()));
        // paced by the relay before the report takes its time: receivedAt stays close to the commit
        boolean handOff = handed.awaitRoom(1);
        Instant now = now();
        CaseReport report = mapper.newReport(TimeOrderedIds.at(now), agency, input, now);
        Receipt receipt = Receipt.of(report);
        NewReport stored = prepared(report, ReportTraces.currentParent(), handOff);
        if (idempotencyKey == null) {
            newReports.submit(stored);
        } else {
            String hash = sha256(mapper.toJson(input));
            Submission replayed = QuarkusTransaction.requiringNew().call(() -> {
                if (!idempotencyKeys.claim(agency, idempotencyKey, hash, report.id(), mapper.toJson(receipt), now)) {
                    return replay(agency, idempotencyKey, hash);
                }
                storeNew(List.of(stored));
                return null;
            });
            if (replayed != null) {
                return replayed;
            }
        }
        // DEBUG: one line per report at thousands a second is CPU the requests need (as in alert-service's routing);
        // what was submitted, by whom and when, is in report_version
        LOG.debugf("Report %s v1 submitted by %s (%s, ref %s)", report.id(), agency, report.type(),
                report.externalRef());
        return new Submission(receipt, false);
    }

    private Submission replay(String agency, String key, String hash) {
        Receipt receipt = mapper.fromJson(recorded(agency, key, hash).response(), Receipt.class);
        LOG.infof("Report %s replayed for %s by Idempotency-Key", receipt.id(), agency);
        return new Submission(receipt, true);
    }

    /** What the key recorded, for the same request; another request under the same key is refused (409). */
    private IdempotencyKeyRepository.Recorded recorded(String agency, String key, String hash) {
        IdempotencyKeyRepository.Recorded recorded = idempotencyKeys.find(agency, key)
                .orElseThrow(() -> new ReportRefused(Reason.IDEMPOTENCY_KEY_REUSED,
                        "The Idempotency-Key is being used by another request; retry."));
        if (!recorded.requestHash().equals(hash)) {
            throw new ReportRefused(Reason.IDEMPOTENCY_KEY_REUSED,
                    "The Idempotency-Key was already used with another body.");
        }
        return recorded;
    }

    /**
     * Validates each item alone and stores the valid ones together, in one transaction. {@code items} holds null
     * where an item could not be read (its result is null too, for {@code answer} to fill in); {@code sent} holds the
     * items as sent where they could not be read. Answers {@code answer}'s result (an {@code answerType}) as JSON. With an Idempotency-Key already used by the agency, the
     * first answer is given again and nothing is stored, for the same items; other items are refused.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <A> String submitBatch(String agency, List<ReportInput> items, List<? extends Object> sent,
            String idempotencyKey, Function<List<ItemResult>, A> answer, Class<A> answerType) {
        Instant validatedAt = now();
        List<List<Violation>> violations = new ArrayList<>(items.size());
        int valid = 0;
        for (int i = 0; i < items.size(); i++) {
            ReportInput item = items.get(i);
            violations.add(item == null ? null : ReportValidator.validate(item, validatedAt, "/" + i));
            valid += item != null && violations.get(i).isEmpty() ? 1 : 0;
        }
        // paced by the relay before the reports take their time: receivedAt stays close to the commit
        boolean handOff = valid > 0 && handed.awaitRoom(valid);
        Instant now = now();
        List<ItemResult> results = new ArrayList<>(items.size());
        List<CaseReport> accepted = new ArrayList<>(valid);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                results.add(null);
            } else if (violations.get(i).isEmpty()) {
                CaseReport report = mapper.newReport(TimeOrderedIds.at(now), agency, items.get(i), now);
                accepted.add(report);
                results.add(new ItemResult(i, Receipt.of(report), List.of()));
            } else {
                results.add(new ItemResult(i, null, violations.get(i)));
            }
        }
        String response = mapper.toJson(answer.apply(results));
        String traceParent = ReportTraces.currentParent();
        List<NewReport> stored = accepted.stream().map(report -> prepared(report, traceParent, handOff)).toList();
        if (idempotencyKey == null) {
            if (!accepted.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> storeNew(stored));
            }
        } else {
            // the items as read where they could be (so that whitespace and key order do not matter), as sent where not
            List<Object> fingerprint = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                fingerprint.add(items.get(i) != null ? items.get(i) : sent.get(i));
            }
            String hash = sha256("batch:" + mapper.toJson(fingerprint));
            String replayed = QuarkusTransaction.requiringNew().call(() -> {
                if (!idempotencyKeys.claim(agency, idempotencyKey, hash, null, response, now)) {
                    // read back and written again: jsonb keeps neither the key order nor the spacing
                    return mapper.toJson(mapper.fromJson(recorded(agency, idempotencyKey, hash).response(),
                            answerType));
                }
                if (!accepted.isEmpty()) {
                    storeNew(stored);
                }
                return null;
            });
            if (replayed != null) {
                LOG.infof("Batch replayed for %s by Idempotency-Key", agency);
                return replayed;
            }
        }
        LOG.infof("Batch from %s: %d of %d reports accepted", agency, accepted.size(), items.size());
        return response;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public CaseReport find(String agency, UUID id) {
        CaseReportEntity entity = reports.findById(id);
        if (entity == null || !entity.agency.equals(agency)) {
            throw notFound(id);
        }
        return current(entity);
    }

    /** A new version with new content; {@code expectedVersion} is the caller's If-Match, null for "*". */
    public Receipt amend(String agency, UUID id, Integer expectedVersion, ReportInput input) {
        Instant now = now();
        rejectIfInvalid(ReportValidator.validate(input, now));
        CaseReportEntity entity = changeable(agency, id, expectedVersion);
        CaseReport next = current(entity).amendedBy(mapper.newReport(id, agency, input, now), now);
        storeChange(entity, next, EventType.ReportAmended);
        LOG.infof("Report %s amended by %s to v%d", id, agency, next.version());
        return Receipt.of(next);
    }

    /** A new, final version marked retracted; {@code expectedVersion} is optional. */
    public Receipt retract(String agency, UUID id, Integer expectedVersion, String reason) {
        rejectIfInvalid(ReportValidator.validateReason(reason));
        CaseReportEntity entity = changeable(agency, id, expectedVersion);
        CaseReport next = current(entity).retracted(reason, now());
        storeChange(entity, next, EventType.ReportRetracted);
        LOG.infof("Report %s retracted by %s at v%d", id, agency, next.version());
        return Receipt.of(next);
    }

    private CaseReportEntity changeable(String agency, UUID id, Integer expectedVersion) {
        CaseReportEntity entity = reports.findOfAgencyForUpdate(id, agency);
        if (entity == null) {
            throw notFound(id);
        }
        if (ReportStatus.RETRACTED.name().equals(entity.status)) {
            throw new ReportRefused(Reason.RETRACTED, "Report " + id + " is retracted and can no longer change.");
        }
        if (expectedVersion != null && expectedVersion != entity.version) {
            throw new ReportRefused(Reason.STALE_VERSION,
                    "Report " + id + " is at version " + entity.version + ", not " + expectedVersion + ".");
        }
        return entity;
    }

    /** The report as of its current version. */
    private CaseReport current(CaseReportEntity entity) {
        return mapper.snapshot(versions.bodyOf(entity.id, entity.version));
    }

    /**
     * A new report's body, event and record, prepared by its request before it joins a transaction; without a record
     * when the relay's hand-off has no room for it ({@code handOff} false: {@link HandedRecords#awaitRoom}).
     */
    private NewReport prepared(CaseReport report, String traceParent, boolean handOff) {
        UUID eventId = TimeOrderedIds.at(Instant.now());
        String body = mapper.toJson(report);
        Written record = handOff ? written(eventId, EventType.ReportSubmitted, report, body) : null;
        return new NewReport(report, eventId, body, record, traceParent);
    }

    /**
     * A version's case-reports record, as the relay would build it from the stored version, to be handed to the relay
     * with the commit (the relay reads back the version of any row whose record it was not handed).
     */
    private Written written(UUID eventId, EventType type, CaseReport report, String body) {
        return new Written(eventId, mapper.record(topic, eventId, type, report, body));
    }

    /**
     * New reports: each body serialised once and stored once (in report_version), the narrow row in case_report,
     * and one thin outbox row naming the transaction's events in order (with each request's traceparent when it was
     * traced); the records go to the relay with the commit. The rows go in by plain JDBC, one batch per table
     * ({@link NewReportRows}).
     */
    private void storeNew(List<NewReport> created) {
        newRows.insert(created.stream().map(item -> mapper.newRow(item.report(), item.eventId(), item.body()))
                .toList());
        outbox.written(created.stream().map(NewReport::eventId).toList(),
                created.stream().map(item -> item.report().updatedAt()).min(Instant::compareTo).orElseThrow(),
                created.stream().map(NewReport::traceParent).toList());
        outboxWritten.fire(new OutboxWritten(
                created.stream().map(NewReport::record).filter(Objects::nonNull).toList()));
    }

    private void storeChange(CaseReportEntity entity, CaseReport next, EventType type) {
        UUID eventId = TimeOrderedIds.at(Instant.now());
        String body = mapper.toJson(next);
        mapper.update(entity, next);
        versions.persist(mapper.version(eventId, type, next, body));
        outbox.written(List.of(eventId), next.updatedAt(), Collections.singletonList(ReportTraces.currentParent()));
        // no wait here: this transaction holds the report's row lock
        Written record = handed.hasRoom() ? written(eventId, type, next, body) : null;
        outboxWritten.fire(new OutboxWritten(record == null ? List.of() : List.of(record)));
    }

    /**
     * Now, at the database's precision (microseconds): a version's time is stored in its body and in its row, and
     * its record, built from either, must be the same.
     */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void rejectIfInvalid(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ReportRejected(violations);
        }
    }

    private static ReportRefused notFound(UUID id) {
        return new ReportRefused(Reason.NOT_FOUND, "No report " + id + " of your agency.");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
