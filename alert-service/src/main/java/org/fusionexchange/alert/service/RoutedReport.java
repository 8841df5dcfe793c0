package org.fusionexchange.alert.service;

import java.util.List;

/** The facts of a report version that routing looks at. */
public record RoutedReport(String originator, String type, String jurisdiction, Tlp tlp, List<String> namedRecipients) {

    public RoutedReport {
        namedRecipients = namedRecipients == null ? List.of() : List.copyOf(namedRecipients);
    }
}
