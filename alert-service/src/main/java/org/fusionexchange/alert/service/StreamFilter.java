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

        boolean matches(Alert alert) {
            return (topics.isEmpty() || topics.contains(alert.topic()))
                    && (jurisdiction == null || JurisdictionCode.contains(jurisdiction, alert.area().jurisdiction()))
                    && (minimumSeverity == null || alert.severity().atLeast(minimumSeverity));
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
        return rules.isEmpty() || alert.msgType() == MsgType.Cancel || rules.stream().anyMatch(r -> r.matches(alert));
    }
}
