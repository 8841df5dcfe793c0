package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fusionexchange.alert.DemoDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The routing rules of DOMAIN.md as a table of cases over the 22 demo agencies. */
class AlertRouterTest {

    private static final String J = "JURISDICTION";
    private static final String TF = "TASK_FORCE";
    private static final String N = "NAMED";

    private final AlertRouter router = new AlertRouter();

    static Stream<Arguments> cases() {
        return Stream.of(
                // DOMAIN.md worked example: county report reaches the county, the state, the nation, the task force
                row("TAMPA-PD overdose in Hillsborough, AMBER", "TAMPA-PD", "OVERDOSE", "US-FL-12057", "AMBER", List.of(),
                        Map.of("HCSO", J, "FL-FUSION", J, "DEA", J, "TAMPA-BAY-TF", TF)),
                row("the same as AMBER+STRICT: only agencies covering the county themselves", "TAMPA-PD", "OVERDOSE",
                        "US-FL-12057", "AMBER+STRICT", List.of(), Map.of("HCSO", J)),
                row("the same as RED naming DEA", "TAMPA-PD", "OVERDOSE", "US-FL-12057", "RED", List.of("DEA"),
                        Map.of("DEA", N)),
                row("CLEAR routes like AMBER", "TAMPA-PD", "OVERDOSE", "US-FL-12057", "CLEAR", List.of(),
                        Map.of("HCSO", J, "FL-FUSION", J, "DEA", J, "TAMPA-BAY-TF", TF)),
                row("GREEN routes like AMBER", "TAMPA-PD", "OVERDOSE", "US-FL-12057", "GREEN", List.of(),
                        Map.of("HCSO", J, "FL-FUSION", J, "DEA", J, "TAMPA-BAY-TF", TF)),
                row("no marking is AMBER", "TAMPA-PD", "OVERDOSE", "US-FL-12057", null, List.of(),
                        Map.of("HCSO", J, "FL-FUSION", J, "DEA", J, "TAMPA-BAY-TF", TF)),
                // DOMAIN.md / issue: PHOENIX-PD drug seizure in Pima county
                row("PHOENIX-PD seizure in Pima", "PHOENIX-PD", "DRUG_SEIZURE", "US-AZ-04019", "AMBER", List.of(),
                        Map.of("TUCSON-PD", J, "AZ-DPS", J, "DEA", J, "SW-BORDER-TF", TF)),
                row("task force focus must include the type", "PHOENIX-PD", "OVERDOSE", "US-AZ-04019", "AMBER",
                        List.of(), Map.of("TUCSON-PD", J, "AZ-DPS", J, "DEA", J)),
                row("task force area must contain the report's jurisdiction", "TAMPA-PD", "OVERDOSE", "US-FL", "AMBER",
                        List.of(), Map.of("HCSO", J, "PCSO", J, "FL-FUSION", J, "DEA", J)),
                // containment downwards: a state report reaches the state's counties
                row("state report reaches its counties, the state and the nation", "AZ-DPS", "TRAFFICKING", "US-AZ",
                        "AMBER", List.of(), Map.of("PHOENIX-PD", J, "TUCSON-PD", J, "DEA", J, "SW-BORDER-TF", TF)),
                row("a national report reaches every US agency, no foreign one", "DEA", "SUSPICIOUS_ACTIVITY", "US",
                        "AMBER", List.of(), usAgenciesBut("DEA")),
                row("a foreign report reaches that country only", "TH-ONCB", "TRAFFICKING", "TH-10", "AMBER", List.of(),
                        Map.of()),
                row("a report in Botswana reaches BW-BPS", "DEA", "TRAFFICKING", "BW", "AMBER", List.of(),
                        Map.of("BW-BPS", J)),
                row("a sibling county (Sacramento) is not alerted", "SANDIEGO-PD", "TRAFFICKING",
                        "US-CA-06073", "AMBER", List.of(), Map.of("DEA", J, "SW-BORDER-TF", TF)),
                row("AMBER+STRICT on a state report: the state agency only", "PHOENIX-PD", "TRAFFICKING", "US-AZ",
                        "AMBER+STRICT", List.of(), Map.of("AZ-DPS", J)),
                row("AMBER+STRICT never reaches task forces even covering J", "TAMPA-PD", "DRUG_SEIZURE", "US-FL-12103",
                        "AMBER+STRICT", List.of(), Map.of("PCSO", J)),
                row("RED reaches named agencies routing would not select", "TAMPA-PD", "TRAFFICKING", "US-FL-12057",
                        "RED", List.of("AZ-DPS", "TH-ONCB"), Map.of("AZ-DPS", N, "TH-ONCB", N)),
                row("RED never reaches the originator nor unknown agencies", "TAMPA-PD", "TRAFFICKING", "US-FL-12057",
                        "RED", List.of("TAMPA-PD", "NOPE-PD", "DEA"), Map.of("DEA", N)),
                row("RED names a task force", "TAMPA-PD", "OFFICER_SAFETY", "US-FL-12057", "RED",
                        List.of("TAMPA-BAY-TF"), Map.of("TAMPA-BAY-TF", N)),
                row("an unknown marking is as strict as RED", "TAMPA-PD", "OVERDOSE", "US-FL-12057", "PURPLE",
                        List.of("HCSO"), Map.of("HCSO", N)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void routesByTheDomainRules(String name, String originator, String type, String jurisdiction, String tlp,
            List<String> named, Map<String, String> expected) {
        List<Recipient> recipients = router.route(
                new RoutedReport(originator, type, jurisdiction, Tlp.fromWire(tlp), named), DemoDirectory.agencies());
        assertEquals(new TreeMap<>(expected), asMap(recipients));
    }

    @Test
    void neverASuspendedAgencyWhetherRoutedOrNamed() {
        List<DirectoryAgency> directory = new ArrayList<>(DemoDirectory.agencies().stream()
                .map(a -> a.code().equals("HCSO") || a.code().equals("DEA")
                        ? new DirectoryAgency(a.code(), a.kind(), a.jurisdictions(), a.focus(), true, 2)
                        : a)
                .toList());
        assertEquals(Map.of("FL-FUSION", J, "TAMPA-BAY-TF", TF), asMap(router.route(
                new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.AMBER, List.of()), directory)));
        assertEquals(Map.of(), asMap(router.route(
                new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.RED, List.of("DEA")), directory)));
    }

    @Test
    void anAmendmentUpdatesCancelsAndNewlyAlerts() {
        List<AlertRoutingService.PlannedAlert> plan = AlertRoutingService.plan(
                Map.of("HCSO", Reason.JURISDICTION, "DEA", Reason.JURISDICTION),
                List.of(new Recipient("DEA", Reason.NAMED), new Recipient("AZ-DPS", Reason.NAMED)),
                agency -> CancelReason.MARKING_CHANGED);
        assertEquals(List.of(
                new AlertRoutingService.PlannedAlert("DEA", Reason.NAMED, MsgType.Update, null),
                new AlertRoutingService.PlannedAlert("AZ-DPS", Reason.NAMED, MsgType.Alert, null),
                new AlertRoutingService.PlannedAlert("HCSO", null, MsgType.Cancel, CancelReason.MARKING_CHANGED)),
                plan);
    }

    static Stream<Arguments> cancelReasons() {
        RoutedReport amber = new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.AMBER, List.of());
        RoutedReport redDea = new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.RED, List.of("DEA"));
        return Stream.of(
                Arguments.of("AMBER to RED naming DEA", amber, redDea, "HCSO", "MARKING_CHANGED"),
                Arguments.of("RED naming DEA, then naming AZ-DPS", redDea,
                        new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.RED, List.of("AZ-DPS")), "DEA",
                        "MARKING_CHANGED"),
                Arguments.of("AMBER to AMBER+STRICT", amber,
                        new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.AMBER_STRICT, List.of()),
                        "TAMPA-BAY-TF", "MARKING_CHANGED"),
                Arguments.of("Hillsborough to Pinellas", amber,
                        new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12103", Tlp.AMBER, List.of()), "HCSO",
                        "JURISDICTION_CHANGED"),
                Arguments.of("overdose to trafficking", amber,
                        new RoutedReport("TAMPA-PD", "TRAFFICKING", "US-FL-12057", Tlp.AMBER, List.of()),
                        "TAMPA-BAY-TF", "TYPE_CHANGED"),
                Arguments.of("a widened marking does not explain a jurisdiction change", amber,
                        new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12103", Tlp.GREEN, List.of()), "HCSO",
                        "JURISDICTION_CHANGED"),
                Arguments.of("nothing changed: the agency's directory entry did", amber, amber, "HCSO",
                        "DIRECTORY_CHANGED"),
                Arguments.of("a state from before the facts were kept", new RoutedReport("TAMPA-PD", null, null, null,
                        List.of()), redDea, "HCSO", "DIRECTORY_CHANGED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cancelReasons")
    void aCancelSaysWhichChangeTookTheEntitlementAway(String name, RoutedReport before, RoutedReport after,
            String agency, String reason) {
        assertEquals(CancelReason.valueOf(reason), router.whyNoLonger(agency, before, after,
                DemoDirectory.agencies()));
    }

    @Test
    void aSuspendedAgencyStillEntitledByContentIsCancelledForItsSuspension() {
        List<DirectoryAgency> directory = DemoDirectory.agencies().stream()
                .map(a -> a.code().equals("HCSO")
                        ? new DirectoryAgency(a.code(), a.kind(), a.jurisdictions(), a.focus(), true, 2)
                        : a)
                .toList();
        RoutedReport amber = new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.AMBER, List.of());
        assertEquals(CancelReason.AGENCY_SUSPENDED, router.whyNoLonger("HCSO", amber, amber, directory));
        assertEquals(CancelReason.MARKING_CHANGED, router.whyNoLonger("HCSO", amber,
                new RoutedReport("TAMPA-PD", "OVERDOSE", "US-FL-12057", Tlp.RED, List.of("DEA")), directory));
    }

    private static Map<String, String> usAgenciesBut(String originator) {
        return DemoDirectory.agencies().stream()
                .filter(a -> a.jurisdictions().get(0).startsWith("US") && !a.taskForce() && !a.code().equals(originator))
                .collect(Collectors.toMap(DirectoryAgency::code, a -> J));
    }

    private static Map<String, String> asMap(List<Recipient> recipients) {
        return recipients.stream().collect(Collectors.toMap(Recipient::agency, r -> r.reason().name(), (a, b) -> {
            throw new AssertionError("duplicate recipient");
        }, TreeMap::new));
    }

    private static Arguments row(String name, String originator, String type, String jurisdiction, String tlp,
            List<String> named, Map<String, String> expected) {
        return Arguments.of(name, originator, type, jurisdiction, tlp, named, expected);
    }
}
