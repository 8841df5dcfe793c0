package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.alert.messaging.CaseReportEvent;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns a case-report event into alerts: given what routing remembers of the report ({@link RouteState}, null for a
 * report never seen), skips a version already passed, routes the report, and answers the alerts, one per recipient,
 * with the state to remember. Entitlement decides content, message by message: an Alert or Update carries the new
 * version to an agency entitled to it; a Cancel carries only identifiers and why, to an agency that held the report
 * and lost it (a suspended agency included: it finds the Cancel once reinstated). Pure apart from the clock and the
 * directory view: the caller stores the state and publishes the alerts in one Kafka transaction.
 */
@ApplicationScoped
public class AlertRoutingService {

    private static final Logger LOG = Logger.getLogger(AlertRoutingService.class);
    static final String STATUS_ACTUAL = "Actual";
    static final String CERTAINTY_OBSERVED = "Observed";

    /** One alert to write: to whom, why, which CAP message type, and for a Cancel why it is cancelled. */
    public record PlannedAlert(String recipient, Reason reason, MsgType msgType, CancelReason cancelReason) {
    }

    /** The alerts of one event, not yet numbered (seq 0), and the report's state after it. */
    public record Routed(List<Alert> alerts, RouteState state) {
    }

    private final AlertRouter router;
    private final DirectoryView directory;

    private final Counter routedReports;
    private final Map<MsgType, Counter> alertsOf = new EnumMap<>(MsgType.class);

    public AlertRoutingService(AlertRouter router, DirectoryView directory, MeterRegistry metrics) {
        this.router = router;
        this.directory = directory;
        this.routedReports = Counter.builder("fusion.reports.routed")
                .description("Report versions routed by this instance").register(metrics);
        for (MsgType type : MsgType.values()) {
            alertsOf.put(type, Counter.builder("fusion.alerts").tag("msgType", type.name())
                    .description("Alerts made by this instance's routing, by CAP message type").register(metrics));
        }
    }

    /**
     * Routes one event of a report whose state is {@code state} (null: never routed).
     *
     * @return the alerts and the new state, or null when the event's version was already routed (a redelivery, or
     *         an older version arriving late), which changes nothing
     */
    public Routed route(CaseReportEvent event, RouteState state) {
        if (state != null && state.version() >= event.version()) {
            LOG.infof("Report %s v%d: version %d already routed, event %s skipped", event.reportId(),
                    event.version(), state.version(), event.eventId());
            return null;
        }
        Collection<DirectoryAgency> agencies = directory.agencies();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RoutedReport after = routed(event);
        RoutedReport before = state == null ? new RoutedReport(event.agency(), null, null, null, List.of())
                : state.facts(event.agency());
        Map<String, Reason> entitledBefore = state == null ? Map.of() : state.recipients();
        List<Recipient> entitled = event.retracted() ? List.of() : router.route(after, agencies);
        // a suspended agency is never entitled (the router skips it), so it gets the Cancel of what it held
        List<PlannedAlert> plan = plan(entitledBefore, entitled, agency -> event.retracted()
                ? CancelReason.RETRACTED
                : router.whyNoLonger(agency, before, after, agencies));
        // one line per report is DEBUG: at thousands of reports a second, formatting and writing it took 15% of the
        // routing thread; /q/metrics counts what was routed (fusion_reports_routed_total, fusion_alerts_total)
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Report %s v%d of %s (%s, %s, %s): %d alerts %s", event.reportId(), event.version(),
                    event.agency(), event.type(), event.report().jurisdiction(), after.tlp().wire(), plan.size(),
                    plan.stream().map(p -> p.recipient() + ":" + p.msgType()
                            + (p.cancelReason() == null ? "" : "(" + p.cancelReason() + ")")).toList());
        }
        routedReports.increment();
        plan.forEach(p -> alertsOf.get(p.msgType()).increment());
        Map<String, List<UUID>> sent = new HashMap<>(state == null ? Map.of() : state.sent());
        List<Alert> alerts = new ArrayList<>(plan.size());
        for (PlannedAlert planned : plan) {
            List<UUID> earlier = sent.getOrDefault(planned.recipient(), List.of());
            Alert alert = planned.msgType() == MsgType.Cancel
                    ? cancel(event, planned, earlier, now)
                    : alert(event, planned, earlier, now);
            List<UUID> ids = new ArrayList<>(earlier);
            ids.add(alert.id());
            sent.put(planned.recipient(), ids);
            alerts.add(alert);
        }
        Map<String, Reason> recipients = new LinkedHashMap<>();
        for (Recipient r : entitled) {
            recipients.put(r.agency(), r.reason());
        }
        RouteState next = new RouteState(event.version(), after.type(), after.jurisdiction(), after.tlp().wire(),
                after.namedRecipients(), recipients, sent);
        return new Routed(alerts, next);
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
        List<String> named = report.marking() == null || report.marking().recipients() == null ? List.of()
                : report.marking().recipients();
        return new RoutedReport(event.agency(), report.type(), report.jurisdiction(), Tlp.fromWire(tlp(event)), named);
    }

    private static String tlp(CaseReportEvent event) {
        return event.report().marking() == null ? null : event.report().marking().tlp();
    }

    /** A Cancel: identifiers, the recipient's own earlier alerts and why; nothing of the new version. */
    private static Alert cancel(CaseReportEvent event, PlannedAlert planned, List<UUID> earlier, Instant now) {
        return new Alert(AlertIds.next(), 0, planned.recipient(), null, planned.cancelReason(), event.reportId(),
                event.version(), earlier, null, null, null, MsgType.Cancel, null, null, null, null, null, null,
                event.time(), now, null);
    }

    /** An Alert or an Update: the new version, for a recipient entitled to it. */
    private static Alert alert(CaseReportEvent event, PlannedAlert planned, List<UUID> earlier, Instant now) {
        CaseReportEvent.Report report = event.report();
        AlertTopic topic = AlertTopic.forReportType(report.type()).orElseThrow(
                () -> new IllegalArgumentException("Unknown report type " + report.type()));
        Alert.Point point = report.location() == null || report.location().lat() == null
                || report.location().lon() == null ? null
                : new Alert.Point(report.location().lat(), report.location().lon());
        String headline = report.headline().length() > 200 ? report.headline().substring(0, 200) : report.headline();
        return new Alert(AlertIds.next(), 0, planned.recipient(), planned.reason(), null, event.reportId(),
                event.version(), planned.msgType() == MsgType.Update ? earlier : List.of(), event.agency(),
                topic.id(), STATUS_ACTUAL, planned.msgType(), topic.urgency(), Severity.fromReport(report.severity()),
                CERTAINTY_OBSERVED, headline, new Alert.Area(report.jurisdiction(), point),
                new Alert.Marking(Tlp.fromWire(tlp(event)).wire()), event.time(), now, null);
    }

    /** Whether the event is the first version of its report: no state can exist before it. */
    public static boolean first(CaseReportEvent event) {
        return event.version() == 1;
    }
}
