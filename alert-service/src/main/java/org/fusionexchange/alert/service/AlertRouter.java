package org.fusionexchange.alert.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
        List<Recipient> recipients = new ArrayList<>();
        directory.stream().sorted(Comparator.comparing(DirectoryAgency::code)).forEach(agency -> {
            if (agency.code().equals(report.originator()) || agency.suspended()) {
                return;
            }
            if (!agency.taskForce() && agency.jurisdictions().stream()
                    .anyMatch(a -> JurisdictionCode.contains(a, j) || JurisdictionCode.contains(j, a))) {
                if (report.tlp() != Tlp.AMBER_STRICT || agency.jurisdictions().contains(j)) {
                    recipients.add(new Recipient(agency.code(), Reason.JURISDICTION));
                }
            } else if (agency.taskForce() && report.tlp() != Tlp.AMBER_STRICT
                    && agency.focus().contains(report.type())
                    && agency.jurisdictions().stream().anyMatch(a -> JurisdictionCode.contains(a, j))) {
                recipients.add(new Recipient(agency.code(), Reason.TASK_FORCE));
            }
        });
        return List.copyOf(recipients);
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
