package org.fusionexchange.alert.service;

import java.util.List;
import java.util.Set;

/**
 * Which alerts a stream delivers: an alert passes when any rule lets it through; no rule lets everything through.
 * A Cancel always passes: it has no topic, area or severity to filter on, and a client must learn that an alert it
 * holds is cancelled.
 */
public record StreamFilter(List<Rule> rules) {

    /** Topics (empty for all), a jurisdiction that must contain the alert's (null for any), a minimum severity. */
    public record Rule(Set<String> topics, String jurisdiction, Severity minimumSeverity) {

        public Rule {
            topics = Set.copyOf(topics);
        }

        boolean matches(String topic, String area, Severity severity) {
            return (topics.isEmpty() || topics.contains(topic))
                    && (jurisdiction == null || (area != null && JurisdictionCode.contains(jurisdiction, area)))
                    && (minimumSeverity == null || (severity != null && severity.atLeast(minimumSeverity)));
        }
    }

    public static final StreamFilter EVERYTHING = new StreamFilter(List.of());

    public StreamFilter {
        rules = List.copyOf(rules);
    }

    public static StreamFilter topics(Set<String> topics) {
        return new StreamFilter(List.of(new Rule(topics, null, null)));
    }

    public boolean matches(Alert alert) {
        return matches(alert.msgType(), alert.topic(), alert.area() == null ? null : alert.area().jurisdiction(),
                alert.severity());
    }

    /** The same for an alert on its way to the streams, on the fields the feed read of it. */
    public boolean matches(LiveAlert alert) {
        return matches(alert.msgType(), alert.topic(), alert.jurisdiction(), alert.severity());
    }

    private boolean matches(MsgType msgType, String topic, String area, Severity severity) {
        if (rules.isEmpty() || msgType == MsgType.Cancel) {
            return true;
        }
        for (Rule rule : rules) {
            if (rule.matches(topic, area, severity)) {
                return true;
            }
        }
        return false;
    }
}
