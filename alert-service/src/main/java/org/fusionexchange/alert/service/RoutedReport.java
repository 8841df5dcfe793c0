package org.fusionexchange.alert.service;

import java.util.List;

/**
 * The facts of a report version that routing looks at. On a previous version remembered from before these were kept,
 * type, jurisdiction or tlp may be null: unknown.
 */
public record RoutedReport(String originator, String type, String jurisdiction, Tlp tlp, List<String> namedRecipients) {

    public RoutedReport {
        namedRecipients = namedRecipients == null ? List.of() : List.copyOf(namedRecipients);
    }

    RoutedReport withMarking(Tlp otherTlp, List<String> otherNamed) {
        return new RoutedReport(originator, type, jurisdiction, otherTlp, otherNamed);
    }

    RoutedReport withJurisdiction(String other) {
        return new RoutedReport(originator, type, other, tlp, namedRecipients);
    }

    RoutedReport withType(String other) {
        return new RoutedReport(originator, other, jurisdiction, tlp, namedRecipients);
    }
}
