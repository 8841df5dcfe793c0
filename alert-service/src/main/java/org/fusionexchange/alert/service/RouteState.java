package org.fusionexchange.alert.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What routing remembers of one report, in the routing state store (changelogged, compacted): the last version
 * routed, the facts of it that decide entitlement (to name the reason of a Cancel), who is entitled to it now and
 * why, and the ids of every alert each agency was sent of the report (what an Update or a Cancel refers to).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteState(int version, String type, String jurisdiction, String tlp, List<String> namedRecipients,
        Map<String, Reason> recipients, Map<String, List<UUID>> sent) {

    public RouteState {
        namedRecipients = namedRecipients == null ? List.of() : List.copyOf(namedRecipients);
        recipients = recipients == null ? Map.of() : Map.copyOf(recipients);
        sent = sent == null ? Map.of() : Map.copyOf(sent);
    }

    /** The previous version's facts (any of them null when unknown), as the router compares them. */
    RoutedReport facts(String originator) {
        return new RoutedReport(originator, type, jurisdiction, tlp == null ? null : Tlp.fromWire(tlp),
                namedRecipients);
    }
}
