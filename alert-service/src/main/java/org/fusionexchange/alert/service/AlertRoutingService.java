package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * is entitled now, so that an amendment updates, cancels or newly alerts the right agencies.
 */
@ApplicationScoped
@Transactional
public class AlertRoutingService {

    private static final Logger LOG = Logger.getLogger(AlertRoutingService.class);
    static final String STATUS_ACTUAL = "Actual";
    static final String CERTAINTY_OBSERVED = "Observed";

    /** One alert to write: to whom, why, and which CAP message type. */
    public record PlannedAlert(String recipient, Reason reason, MsgType msgType) {
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
     * version order). A failure rolls all of them back.
     *
     * @return the number of alerts written
     */
    public int process(List<CaseReportEvent> events) {
        Set<UUID> reportIds = events.stream().map(CaseReportEvent::reportId).collect(Collectors.toSet());
        states.lockReports(reportIds);
        Set<UUID> seen = processed.processedAmong(events.stream().map(CaseReportEvent::eventId).toList());
        Map<UUID, ReportStateEntity> stateOf = states.withRecipients(reportIds);
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
            written.addAll(route(event, state, now));
            if (first) {
                // persisted once routed: Hibernate inserts the state as it is at persist, and would update it after
                states.persist(state);
                stateOf.put(state.reportId, state);
            }
        }
        // the alerts are inserted (and get their seq) only now, under their recipients' locks
        alerts.lockRecipients(written.stream().map(a -> a.recipient).toList());
        for (AlertEntity alert : written) {
            alerts.persist(alert);
        }
        for (AlertEntity alert : written) {
            outbox.persist(OutboxEntity.of(alert.id, now));
        }
        return written.size();
    }

    /** Routes one new version of a report, updates its state, and returns the alerts to write. */
    private List<AlertEntity> route(CaseReportEvent event, ReportStateEntity state, Instant now) {
        List<Recipient> entitled = event.retracted() ? List.of() : router.route(routed(event), directory.agencies());
        // a suspended agency gets nothing, not even the Cancel of what it was sent before its suspension
        List<PlannedAlert> plan = plan(state.recipients, entitled).stream()
                .filter(p -> !directory.suspended(p.recipient())).toList();
        state.version = event.version();
        state.recipients.clear();
        for (Recipient r : entitled) {
            state.recipients.put(r.agency(), r.reason());
        }
        processed.persist(ProcessedEventEntity.of(event.eventId(), event.reportId(), event.version(), now));
        LOG.infof("Report %s v%d of %s (%s, %s, %s): %d alerts %s", event.reportId(), event.version(), event.agency(),
                event.type(), event.report().jurisdiction(), Tlp.fromWire(tlp(event)).wire(), plan.size(),
                plan.stream().map(p -> p.recipient() + ":" + p.msgType()).toList());
        return plan.stream().map(planned -> alert(event, planned, now)).toList();
    }

    /**
     * Entitled before and now: Update. Newly entitled: Alert. No longer entitled (or the report retracted):
     * Cancel, with the reason they had.
     */
    public static List<PlannedAlert> plan(Map<String, Reason> before, List<Recipient> now) {
        Map<String, PlannedAlert> plan = new LinkedHashMap<>();
        for (Recipient r : now) {
            plan.put(r.agency(), new PlannedAlert(r.agency(), r.reason(),
                    before.containsKey(r.agency()) ? MsgType.Update : MsgType.Alert));
        }
        before.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !plan.containsKey(e.getKey()))
                .forEach(e -> plan.put(e.getKey(), new PlannedAlert(e.getKey(), e.getValue(), MsgType.Cancel)));
        return new ArrayList<>(plan.values());
    }

    private static RoutedReport routed(CaseReportEvent event) {
        CaseReportEvent.Report report = event.report();
        List<String> named = report.marking() == null ? List.of() : report.marking().recipients();
        return new RoutedReport(event.agency(), report.type(), report.jurisdiction(), Tlp.fromWire(tlp(event)), named);
    }

    private static String tlp(CaseReportEvent event) {
        return event.report().marking() == null ? null : event.report().marking().tlp();
    }

    private static AlertEntity alert(CaseReportEvent event, PlannedAlert planned, Instant now) {
        CaseReportEvent.Report report = event.report();
        AlertTopic topic = AlertTopic.forReportType(report.type()).orElseThrow(
                () -> new IllegalArgumentException("Unknown report type " + report.type()));
        AlertEntity alert = new AlertEntity();
        alert.id = UUID.randomUUID();
        alert.recipient = planned.recipient();
        alert.reason = planned.reason();
        alert.reportId = event.reportId();
        alert.reportVersion = event.version();
        alert.originator = event.agency();
        alert.topic = topic.id();
        alert.status = STATUS_ACTUAL;
        alert.msgType = planned.msgType();
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
        alert.sentAt = event.time();
        alert.createdAt = now;
        return alert;
    }
}
