package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.alert.messaging.CaseReportEvent;
import org.fusionexchange.alert.repository.AlertEntity;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.repository.OutboxEntity;
import org.fusionexchange.alert.repository.OutboxRepository;
import org.fusionexchange.alert.repository.ProcessedEventEntity;
import org.fusionexchange.alert.repository.ProcessedEventRepository;
import org.fusionexchange.alert.repository.ReportStateEntity;
import org.fusionexchange.alert.repository.ReportStateRepository;
import org.jboss.logging.Logger;

/**
 * Turns case-report events into alerts, a batch of them per transaction: skips an event already processed or a
 * version already passed, routes the report, writes one alert and one outbox row per recipient, and remembers who
 * is entitled now and the facts that decided it, so that an amendment updates, cancels or newly alerts the right
 * agencies. Entitlement decides content, message by message: an Alert or Update carries the new version to an agency
 * entitled to it; a Cancel carries only identifiers and why, to an agency that held the report and lost it
 * (a suspended agency included: it finds the Cancel once reinstated).
 */
@ApplicationScoped
@Transactional
public class AlertRoutingService {

    private static final Logger LOG = Logger.getLogger(AlertRoutingService.class);
    static final String STATUS_ACTUAL = "Actual";
    static final String CERTAINTY_OBSERVED = "Observed";

    /** One alert to write: to whom, why, which CAP message type, and for a Cancel why it is cancelled. */
    public record PlannedAlert(String recipient, Reason reason, MsgType msgType, CancelReason cancelReason) {
    }

    private final AlertRouter router;
    private final DirectoryView directory;
    private final AlertRepository alerts;
    private final OutboxRepository outbox;
    private final ProcessedEventRepository processed;
    private final ReportStateRepository states;

    public AlertRoutingService(AlertRouter router, DirectoryView directory, AlertRepository alerts,
            OutboxRepository outbox, ProcessedEventRepository processed, ReportStateRepository states) {
        this.router = router;
        this.directory = directory;
        this.alerts = alerts;
        this.outbox = outbox;
        this.processed = processed;
        this.states = states;
    }

    /** @return the number of alerts written (0 for a duplicate or an outdated event) */
    public int process(CaseReportEvent event) {
        return process(List.of(event));
    }

    /**
     * Processes events in one transaction, in their order (events of one report come from one partition, in
     * version order). A failure rolls all of them back, the recipients' numbers included.
     *
     * @return the number of alerts written
     */
    public int process(List<CaseReportEvent> events) {
        Set<UUID> reportIds = events.stream().map(CaseReportEvent::reportId).collect(Collectors.toSet());
        states.lockReports(reportIds);
        Set<UUID> seen = processed.processedAmong(events.stream().map(CaseReportEvent::eventId).toList());
        Map<UUID, ReportStateEntity> stateOf = states.withRecipients(reportIds);
        // what each recipient was sent of these reports, for the references of Updates and Cancels
        Map<UUID, Map<String, List<UUID>>> sent = alerts.idsByReportAndRecipient(stateOf.keySet());
        Collection<DirectoryAgency> agencies = directory.agencies();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<AlertEntity> written = new ArrayList<>();
        for (CaseReportEvent event : events) {
            if (!seen.add(event.eventId())) {
                LOG.infof("Event %s (report %s v%d) already processed: skipped", event.eventId(), event.reportId(),
                        event.version());
                continue;
            }
            ReportStateEntity state = stateOf.get(event.reportId());
            if (state != null && state.version >= event.version()) {
                LOG.infof("Report %s v%d: version %d already processed, event %s skipped", event.reportId(),
                        event.version(), state.version, event.eventId());
                processed.persist(ProcessedEventEntity.of(event.eventId(), event.reportId(), event.version(), now));
                continue;
            }
            boolean first = state == null;
            if (first) {
                state = new ReportStateEntity();
                state.reportId = event.reportId();
            }
            written.addAll(route(event, state, agencies, sent.computeIfAbsent(event.reportId(), r -> new HashMap<>()),
                    now));
            if (first) {
                // persisted once routed: Hibernate inserts the state as it is at persist, and would update it after
                states.persist(state);
                stateOf.put(state.reportId, state);
            }
        }
        // the alerts are numbered and inserted only now, under their recipients' locks, in the order numbered
        alerts.lockRecipients(written.stream().map(a -> a.recipient).toList());
        alerts.number(written);
        for (AlertEntity alert : written) {
            alerts.persist(alert);
        }
        for (AlertEntity alert : written) {
            outbox.persist(OutboxEntity.of(alert.id, now));
        }
        return written.size();
    }

    /**
     * Routes one new version of a report, updates its state, and returns the alerts to write. {@code sent} holds the
     * ids of what each recipient was sent of this report so far, and gets the new ones.
     */
    private List<AlertEntity> route(CaseReportEvent event, ReportStateEntity state,
            Collection<DirectoryAgency> agencies, Map<String, List<UUID>> sent, Instant now) {
        RoutedReport after = routed(event);
        RoutedReport before = previous(state, event.agency());
        List<Recipient> entitled = event.retracted() ? List.of() : router.route(after, agencies);
        // a suspended agency is never entitled (the router skips it), so it gets the Cancel of what it held
        List<PlannedAlert> plan = plan(state.recipients, entitled, agency -> event.retracted()
                ? CancelReason.RETRACTED
                : router.whyNoLonger(agency, before, after, agencies));
        state.version = event.version();
        state.type = after.type();
        state.jurisdiction = after.jurisdiction();
        state.tlp = after.tlp().wire();
        state.namedRecipients = after.namedRecipients().isEmpty() ? null : String.join(",", after.namedRecipients());
        state.recipients.clear();
        for (Recipient r : entitled) {
            state.recipients.put(r.agency(), r.reason());
        }
        processed.persist(ProcessedEventEntity.of(event.eventId(), event.reportId(), event.version(), now));
        LOG.infof("Report %s v%d of %s (%s, %s, %s): %d alerts %s", event.reportId(), event.version(), event.agency(),
                event.type(), event.report().jurisdiction(), after.tlp().wire(), plan.size(),
                plan.stream().map(p -> p.recipient() + ":" + p.msgType()
                        + (p.cancelReason() == null ? "" : "(" + p.cancelReason() + ")")).toList());
        List<AlertEntity> written = new ArrayList<>(plan.size());
        for (PlannedAlert planned : plan) {
            List<UUID> earlier = sent.computeIfAbsent(planned.recipient(), r -> new ArrayList<>());
            AlertEntity alert = planned.msgType() == MsgType.Cancel
                    ? cancel(event, planned, earlier, now)
                    : alert(event, planned, earlier, now);
            earlier.add(alert.id);
            written.add(alert);
        }
        return written;
    }

    /**
     * Entitled before and now: Update. Newly entitled: Alert. Entitled before but no longer (or the report
     * retracted): Cancel, with the reason {@code why} gives for that agency.
     */
    public static List<PlannedAlert> plan(Map<String, Reason> before, List<Recipient> now,
            Function<String, CancelReason> why) {
        Map<String, PlannedAlert> plan = new LinkedHashMap<>();
        for (Recipient r : now) {
            plan.put(r.agency(), new PlannedAlert(r.agency(), r.reason(),
                    before.containsKey(r.agency()) ? MsgType.Update : MsgType.Alert, null));
        }
        before.keySet().stream().sorted()
                .filter(agency -> !plan.containsKey(agency))
                .forEach(agency -> plan.put(agency,
                        new PlannedAlert(agency, null, MsgType.Cancel, why.apply(agency))));
        return new ArrayList<>(plan.values());
    }

    private static RoutedReport routed(CaseReportEvent event) {
        CaseReportEvent.Report report = event.report();
        List<String> named = report.marking() == null ? List.of() : report.marking().recipients();
        return new RoutedReport(event.agency(), report.type(), report.jurisdiction(), Tlp.fromWire(tlp(event)), named);
    }

    /** The previous version's facts as the state remembers them (any of them null when unknown). */
    private static RoutedReport previous(ReportStateEntity state, String originator) {
        List<String> named = state.namedRecipients == null ? List.of() : List.of(state.namedRecipients.split(","));
        return new RoutedReport(originator, state.type, state.jurisdiction,
                state.tlp == null ? null : Tlp.fromWire(state.tlp), named);
    }

    private static String tlp(CaseReportEvent event) {
        return event.report().marking() == null ? null : event.report().marking().tlp();
    }

    /** The identifiers every message has, a Cancel nothing more. */
    private static AlertEntity identifiers(CaseReportEvent event, PlannedAlert planned, Instant now) {
        AlertEntity alert = new AlertEntity();
        alert.id = UUID.randomUUID();
        alert.recipient = planned.recipient();
        alert.reportId = event.reportId();
        alert.reportVersion = event.version();
        alert.msgType = planned.msgType();
        alert.sentAt = event.time();
        alert.createdAt = now;
        return alert;
    }

    /** A Cancel: identifiers, the recipient's own earlier alerts and why; nothing of the new version. */
    private static AlertEntity cancel(CaseReportEvent event, PlannedAlert planned, List<UUID> earlier, Instant now) {
        AlertEntity alert = identifiers(event, planned, now);
        alert.cancelReason = planned.cancelReason();
        alert.references = earlier.toArray(UUID[]::new);
        return alert;
    }

    /** An Alert or an Update: the new version, for a recipient entitled to it. */
    private static AlertEntity alert(CaseReportEvent event, PlannedAlert planned, List<UUID> earlier, Instant now) {
        CaseReportEvent.Report report = event.report();
        AlertTopic topic = AlertTopic.forReportType(report.type()).orElseThrow(
                () -> new IllegalArgumentException("Unknown report type " + report.type()));
        AlertEntity alert = identifiers(event, planned, now);
        if (planned.msgType() == MsgType.Update) {
            alert.references = earlier.toArray(UUID[]::new);
        }
        alert.reason = planned.reason();
        alert.originator = event.agency();
        alert.topic = topic.id();
        alert.status = STATUS_ACTUAL;
        alert.urgency = topic.urgency();
        alert.severity = Severity.fromReport(report.severity());
        alert.certainty = CERTAINTY_OBSERVED;
        alert.headline = report.headline().length() > 200 ? report.headline().substring(0, 200) : report.headline();
        alert.jurisdiction = report.jurisdiction();
        if (report.location() != null) {
            alert.latitude = report.location().lat();
            alert.longitude = report.location().lon();
        }
        alert.tlp = Tlp.fromWire(tlp(event)).wire();
        return alert;
    }
}
