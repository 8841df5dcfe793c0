package org.fusionexchange.alert.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Tlp;

/**
 * An alert as an OASIS CAP 1.2 {@code <alert>}: its fields in CAP's element order, only the elements this exchange
 * fills. {@link #of} is the one place where an {@link Alert} becomes CAP; {@link CapXmlWriter} writes the result.
 *
 * <p>The mapping (alert-service/contracts/alerts/README.md, "CAP 1.2"): {@code sender} is the exchange's id, plus
 * {@code /} and the originating agency when the alert has one; {@code scope} is always {@code Restricted}, with the
 * TLP marking as {@code restriction}; {@code references} are the {@code sender,identifier,sent} triples of the
 * recipient's earlier alerts the alert refers to; {@code incidents} is the case report's id. A Cancel has no
 * {@code info}: it carries identifiers, references and its reason (as {@code note}) only. Any other alert has one
 * {@code info} from the alert's content, whatever its reason.
 */
public record CapAlert(String identifier, String sender, String sent, String status, String msgType, String scope,
        String restriction, String note, List<String> references, List<String> incidents, List<Info> info) {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    public static final String MEDIA_TYPE = "application/cap+xml";

    static final Set<String> STATUS = Set.of("Actual", "Exercise", "System", "Test", "Draft");
    static final Set<String> URGENCY = Set.of("Immediate", "Expected", "Future", "Past", "Unknown");
    static final Set<String> SEVERITY = Set.of("Extreme", "Severe", "Moderate", "Minor", "Unknown");
    static final Set<String> CERTAINTY = Set.of("Observed", "Likely", "Possible", "Unlikely", "Unknown");
    /** Topics whose alerts are about public health; every other topic is law enforcement's, CAP's Security. */
    static final Set<String> HEALTH_TOPICS = Set.of("overdose", "overdose-spike");

    /** CAP's dateTime: seconds, and the UTC offset written -00:00 (CAP forbids Z and fractions of a second). */
    private static final DateTimeFormatter CAP_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** A US county: the subdivision and the county's 5-digit FIPS code (DOMAIN.md, jurisdiction codes). */
    private static final Pattern US_COUNTY = Pattern.compile("US-[A-Z]{2}-(\\d{5})");

    /** One CAP {@code <info>}, its elements in CAP's order. */
    public record Info(String category, String event, String urgency, String severity, String certainty,
            List<Pair> eventCodes, String headline, String description, List<Pair> parameters, List<Area> areas) {
    }

    /** One CAP {@code <area>}: a description, circles ({@code lat,lon radius-km}) and geocodes, in that order. */
    public record Area(String areaDesc, List<String> circles, List<Pair> geocodes) {
    }

    /** CAP's valueName/value pair, as in eventCode, parameter and geocode. */
    public record Pair(String valueName, String value) {
    }

    /**
     * An alert as CAP. {@code earlier} holds the recipient's own alerts by id, among them those the alert refers to;
     * a reference not in it is left out (the caller decides whether that may happen).
     */
    public static CapAlert of(Alert alert, Map<UUID, Alert> earlier, String exchangeId) {
        List<Alert> referenced = alert.references().stream().map(earlier::get).filter(Objects::nonNull).toList();
        List<String> references = referenced.stream()
                .map(e -> sender(exchangeId, e) + "," + e.id() + "," + time(e)).toList();
        boolean cancel = alert.msgType() == MsgType.Cancel;
        return new CapAlert(alert.id().toString(), sender(exchangeId, alert), time(alert),
                status(alert, referenced), alert.msgType().name(), "Restricted",
                "TLP:" + marking(alert, referenced).wire(),
                alert.cancelReason() == null ? null : alert.cancelReason().name(), references,
                incidents(alert), cancel || alert.topic() == null ? List.of() : List.of(info(alert)));
    }

    /**
     * The case report's id, an overdose spike's or an entity match's: what ties an alert to the others of the same
     * incident.
     */
    private static List<String> incidents(Alert alert) {
        if (alert.reportId() != null) {
            return List.of(alert.reportId().toString());
        }
        if (alert.match() != null) {
            return List.of(alert.match().id().toString());
        }
        return alert.spike() == null ? List.of() : List.of(alert.spike().id().toString());
    }

    /**
     * The sender: the exchange and the originating agency of a report's alert; the exchange itself for what it found
     * (an overdose spike, an entity match), whose originator is the other agency of the match, not the sender.
     */
    private static String sender(String exchangeId, Alert alert) {
        return sender(exchangeId, alert.match() != null || alert.spike() != null ? null : alert.originator());
    }

    private static Info info(Alert alert) {
        String topic = alert.topic();
        List<Pair> parameters = new ArrayList<>();
        if (alert.reason() != null) {
            parameters.add(new Pair("reason", alert.reason().name()));
        }
        if (alert.reportId() != null) {
            parameters.add(new Pair("reportVersion", Integer.toString(alert.reportVersion())));
        }
        if (alert.spike() != null) {
            // an overdose spike: its version, the county's neighbours, and per window its counts and span
            Alert.Spike spike = alert.spike();
            parameters.add(new Pair("spikeVersion", Integer.toString(spike.version())));
            parameters.add(new Pair("neighbours", String.join(" ", spike.neighbours())));
            for (Alert.Window w : spike.windows()) {
                parameters.add(new Pair("window" + w.size(), "count=" + w.count() + " threshold=" + w.threshold()
                        + " fatal=" + w.fatal() + " nonFatal=" + w.nonFatal() + " naloxone=" + w.naloxone()
                        + " start=" + w.start() + " end=" + w.end()));
            }
        }
        if (alert.match() != null) {
            // an entity match: its version, the value both reports held, the recipient's own report, and the other
            // agency (all the recipient learns of a TLP:AMBER+STRICT report: contact the originator)
            Alert.Match match = alert.match();
            parameters.add(new Pair("matchVersion", Integer.toString(match.version())));
            parameters.add(new Pair("entity", match.kind() + " " + match.value()
                    + (match.plateState() == null ? "" : " " + match.plateState())));
            parameters.add(new Pair("yourReport", match.yourReport().toString()));
            if (alert.originator() != null) {
                parameters.add(new Pair(Boolean.TRUE.equals(match.contactOriginator()) ? "contactOriginator"
                        : "otherAgency", alert.originator()));
            }
        }
        // alerts carry no narrative (contracts/alerts): there is no description to give, whatever the marking
        return new Info(HEALTH_TOPICS.contains(topic) ? "Health" : "Security", event(topic),
                oneOf(URGENCY, alert.urgency()), alert.severity() == null ? "Unknown" : alert.severity().name(),
                oneOf(CERTAINTY, alert.certainty()), List.of(new Pair("topic", topic)), alert.headline(), null,
                parameters, areas(alert));
    }

    /** The alert's area: its jurisdiction code as areaDesc and geocode, and its point as a circle of radius 0. */
    static List<Area> areas(Alert alert) {
        Alert.Area area = alert.area();
        if (area == null || area.jurisdiction() == null) {
            return List.of();
        }
        List<String> circles = area.point() == null ? List.of()
                : List.of(decimal(area.point().lat()) + "," + decimal(area.point().lon()) + " 0");
        List<Pair> geocodes = new ArrayList<>();
        geocodes.add(new Pair("jurisdiction", area.jurisdiction()));
        Matcher county = US_COUNTY.matcher(area.jurisdiction());
        if (county.matches()) {
            // the NWS's FIPS6: a leading 0 (the whole county) and the county's state and county FIPS code
            geocodes.add(new Pair("FIPS6", "0" + county.group(1)));
        }
        return List.of(new Area(area.jurisdiction(), circles, geocodes));
    }

    /**
     * The exchange's id, and the originating agency after a slash when there is one. CAP forbids whitespace, commas,
     * {@code <} and {@code &} in a sender: such characters (and {@code >} and {@code %}) in an agency code are
     * percent-encoded, so the sender stays one unambiguous token.
     */
    static String sender(String exchangeId, String originator) {
        if (originator == null || originator.isBlank()) {
            return exchangeId;
        }
        StringBuilder sender = new StringBuilder(exchangeId).append('/');
        originator.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isISOControl(c) || ",<>&%".indexOf(c) >= 0) {
                sender.append(String.format(Locale.ROOT, "%%%02X", c));
            } else {
                sender.appendCodePoint(c);
            }
        });
        return sender.toString();
    }

    /** When the alert's report changed ({@code sent}), in CAP's form. */
    static String time(Alert alert) {
        Instant at = alert.sent() != null ? alert.sent() : alert.createdAt();
        return CAP_TIME.format(at);
    }

    /** The topic id as words: {@code overdose-spike} is "Overdose spike". */
    static String event(String topic) {
        String words = topic.replace('-', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * The alert's status; a Cancel has none of its own, and takes the status of the alerts it cancels (all of this
     * exchange's are Actual).
     */
    private static String status(Alert alert, List<Alert> referenced) {
        if (isOneOf(STATUS, alert.status())) {
            return alert.status();
        }
        for (int i = referenced.size() - 1; i >= 0; i--) {
            if (isOneOf(STATUS, referenced.get(i).status())) {
                return referenced.get(i).status();
            }
        }
        return "Actual";
    }

    /**
     * The alert's marking; a Cancel has none of its own, and is marked as the most restrictive of the alerts it
     * cancels, which the recipient holds already. With neither, TLP:AMBER, the marking of a report without one.
     */
    private static Tlp marking(Alert alert, List<Alert> referenced) {
        if (alert.marking() != null) {
            return Tlp.fromWire(alert.marking().tlp());
        }
        return referenced.stream().filter(e -> e.marking() != null).map(e -> Tlp.fromWire(e.marking().tlp()))
                .max(Comparator.naturalOrder()).orElse(Tlp.fromWire(null));
    }

    /** The value when it is one of CAP's values, else CAP's Unknown. */
    private static String oneOf(Set<String> values, String value) {
        return isOneOf(values, value) ? value : "Unknown";
    }

    private static boolean isOneOf(Set<String> values, String value) {
        return value != null && values.contains(value);
    }

    private static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
