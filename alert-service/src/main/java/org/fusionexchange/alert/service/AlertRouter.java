package org.fusionexchange.alert.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Who is alerted of a report (DOMAIN.md, routing): jurisdiction containment both ways for agencies, area and focus
 * for task forces, then the TLP limit; never the originator, never a suspended agency. Pure: the directory is given.
 */
@ApplicationScoped
public class AlertRouter {

    private static final Logger LOG = Logger.getLogger(AlertRouter.class);

    public List<Recipient> route(RoutedReport report, Collection<DirectoryAgency> directory) {
        if (report.tlp() == Tlp.RED) {
            return named(report, directory);
        }
        String j = report.jurisdiction();
        List<DirectoryAgency> byCode = new ArrayList<>(directory);
        byCode.sort(BY_CODE);
        List<Recipient> recipients = new ArrayList<>();
        // loops, not streams: this runs for every report, over the whole directory
        for (DirectoryAgency agency : byCode) {
            if (agency.code().equals(report.originator()) || agency.suspended()) {
                continue;
            }
            if (!agency.taskForce() && overlaps(agency.jurisdictions(), j)) {
                if (report.tlp() != Tlp.AMBER_STRICT || agency.jurisdictions().contains(j)) {
                    recipients.add(new Recipient(agency.code(), Reason.JURISDICTION));
                }
            } else if (agency.taskForce() && report.tlp() != Tlp.AMBER_STRICT
                    && agency.focus().contains(report.type()) && covers(agency.jurisdictions(), j)) {
                recipients.add(new Recipient(agency.code(), Reason.TASK_FORCE));
            }
        }
        return List.copyOf(recipients);
    }

    private static final Comparator<DirectoryAgency> BY_CODE = Comparator.comparing(DirectoryAgency::code);

    /** Whether one of the areas contains the jurisdiction or lies within it. */
    private static boolean overlaps(Collection<String> areas, String jurisdiction) {
        for (String area : areas) {
            if (JurisdictionCode.contains(area, jurisdiction) || JurisdictionCode.contains(jurisdiction, area)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the areas contains the jurisdiction. */
    private static boolean covers(Collection<String> areas, String jurisdiction) {
        for (String area : areas) {
            if (JurisdictionCode.contains(area, jurisdiction)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why an agency entitled to the previous version is not entitled to the new one. A suspended agency that the new
     * version would reach but for its suspension: AGENCY_SUSPENDED. Otherwise the first change, in the order marking,
     * jurisdiction, type, without which it would still be entitled; when no single change explains it, the first that
     * changed; when none did, its own directory entry changed (its jurisdictions, focus, or its removal).
     */
    public CancelReason whyNoLonger(String agency, RoutedReport before, RoutedReport after,
            Collection<DirectoryAgency> directory) {
        // entitlement by content alone: as if nobody were suspended
        List<DirectoryAgency> active = directory.stream().map(a -> a.suspended()
                ? new DirectoryAgency(a.code(), a.kind(), a.jurisdictions(), a.focus(), false, a.version(), a.quota())
                : a).toList();
        boolean suspended = directory.stream().anyMatch(a -> a.code().equals(agency) && a.suspended());
        if (suspended && reaches(after, active, agency)) {
            return CancelReason.AGENCY_SUSPENDED;
        }
        Map<CancelReason, RoutedReport> undone = new LinkedHashMap<>();
        if (before.tlp() != null && (before.tlp() != after.tlp()
                || !before.namedRecipients().equals(after.namedRecipients()))) {
            undone.put(CancelReason.MARKING_CHANGED, after.withMarking(before.tlp(), before.namedRecipients()));
        }
        if (before.jurisdiction() != null && !before.jurisdiction().equals(after.jurisdiction())) {
            undone.put(CancelReason.JURISDICTION_CHANGED, after.withJurisdiction(before.jurisdiction()));
        }
        if (before.type() != null && !before.type().equals(after.type())) {
            undone.put(CancelReason.TYPE_CHANGED, after.withType(before.type()));
        }
        return undone.entrySet().stream().filter(e -> reaches(e.getValue(), active, agency))
                .map(Map.Entry::getKey).findFirst()
                .orElse(undone.isEmpty() ? CancelReason.DIRECTORY_CHANGED : undone.keySet().iterator().next());
    }

    private boolean reaches(RoutedReport report, Collection<DirectoryAgency> directory, String agency) {
        return route(report, directory).stream().anyMatch(r -> r.agency().equals(agency));
    }

    /** TLP:RED goes to the agencies the originator names, whether routing would select them or not. */
    private static List<Recipient> named(RoutedReport report, Collection<DirectoryAgency> directory) {
        Map<String, DirectoryAgency> byCode = directory.stream()
                .collect(Collectors.toMap(DirectoryAgency::code, Function.identity(), (a, b) -> a));
        List<Recipient> recipients = new ArrayList<>();
        for (String code : new LinkedHashSet<>(report.namedRecipients())) {
            DirectoryAgency agency = byCode.get(code);
            if (agency == null) {
                LOG.warnf("TLP:RED report of %s names unknown agency %s: ignored", report.originator(), code);
            } else if (!agency.suspended() && !code.equals(report.originator())) {
                recipients.add(new Recipient(code, Reason.NAMED));
            }
        }
        return List.copyOf(recipients);
    }
}
