package org.fusionexchange.alert;

import java.util.ArrayList;
import java.util.List;

import org.fusionexchange.alert.messaging.AgencySnapshot;
import org.fusionexchange.alert.service.DirectoryAgency;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The 22 demo agencies of DOMAIN.md as directory.agencies messages, built from the contract's tampa-pd.json example
 * (so they have the contract's shape), and as the routing view sees them.
 */
public final class DemoDirectory {

    private record Row(String code, String kind, List<String> jurisdictions, List<String> focus) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("DEA", "FEDERAL", List.of("US"), List.of()),
            new Row("FL-FUSION", "FUSION_CENTER", List.of("US-FL"), List.of()),
            new Row("TAMPA-PD", "LOCAL", List.of("US-FL-12057"), List.of()),
            new Row("HCSO", "LOCAL", List.of("US-FL-12057"), List.of()),
            new Row("PCSO", "LOCAL", List.of("US-FL-12103"), List.of()),
            new Row("AZ-DPS", "STATE", List.of("US-AZ"), List.of()),
            new Row("PHOENIX-PD", "LOCAL", List.of("US-AZ-04013"), List.of()),
            new Row("TUCSON-PD", "LOCAL", List.of("US-AZ-04019"), List.of()),
            new Row("AUSTIN-PD", "LOCAL", List.of("US-TX-48453"), List.of()),
            new Row("CLEVELAND-PD", "LOCAL", List.of("US-OH-39035"), List.of()),
            new Row("HUNTSVILLE-PD", "LOCAL", List.of("US-AL-01089"), List.of()),
            new Row("RENO-PD", "LOCAL", List.of("US-NV-32031"), List.of()),
            new Row("SACRAMENTO-PD", "LOCAL", List.of("US-CA-06067"), List.of()),
            new Row("SANDIEGO-PD", "LOCAL", List.of("US-CA-06073"), List.of()),
            new Row("SLC-PD", "LOCAL", List.of("US-UT-49035"), List.of()),
            new Row("BW-BPS", "INTERNATIONAL", List.of("BW"), List.of()),
            new Row("EC-PN", "INTERNATIONAL", List.of("EC"), List.of()),
            new Row("MA-DGSN", "INTERNATIONAL", List.of("MA"), List.of()),
            new Row("NO-KRIPOS", "INTERNATIONAL", List.of("NO"), List.of()),
            new Row("TH-ONCB", "INTERNATIONAL", List.of("TH"), List.of()),
            new Row("TAMPA-BAY-TF", "TASK_FORCE", List.of("US-FL-12057", "US-FL-12103"),
                    List.of("OVERDOSE", "DRUG_SEIZURE")),
            new Row("SW-BORDER-TF", "TASK_FORCE", List.of("US-AZ", "US-CA-06073"),
                    List.of("DRUG_SEIZURE", "TRAFFICKING")));

    private static final java.util.Map<String, List<String>> MEMBERS = java.util.Map.of(
            "TAMPA-BAY-TF", List.of("TAMPA-PD", "HCSO", "PCSO", "FL-FUSION", "DEA"),
            "SW-BORDER-TF", List.of("AZ-DPS", "PHOENIX-PD", "TUCSON-PD", "SANDIEGO-PD", "DEA"));

    private DemoDirectory() {
    }

    /** One directory.agencies message per demo agency, version 1, ACTIVE. */
    public static List<ObjectNode> messages() {
        return ROWS.stream().map(row -> message(row.code(), row.kind(), row.jurisdictions(), row.focus(), "ACTIVE", 1))
                .toList();
    }

    public static ObjectNode message(String code, String kind, List<String> jurisdictions, List<String> focus,
            String status, long version) {
        ObjectNode message = ContractExamples.read(ContractExamples.AGENCIES.resolve("tampa-pd.json"));
        message.put("key", code);
        ((ObjectNode) message.get("headers")).put("ce_subject", code);
        ((ObjectNode) message.get("headers")).put("ce_id", java.util.UUID.randomUUID().toString());
        ObjectNode value = (ObjectNode) message.get("value");
        value.put("code", code);
        value.put("name", code);
        value.put("kind", kind);
        value.put("country", jurisdictions.get(0).substring(0, 2));
        ArrayNode js = value.putArray("jurisdictions");
        jurisdictions.forEach(js::add);
        ArrayNode fs = value.putArray("focus");
        focus.forEach(fs::add);
        ArrayNode members = value.putArray("members");
        MEMBERS.getOrDefault(code, List.of()).forEach(members::add);
        value.put("status", status);
        value.put("version", version);
        return message;
    }

    /** The demo agencies as the routing view holds them. */
    public static List<DirectoryAgency> agencies() {
        List<DirectoryAgency> agencies = new ArrayList<>();
        for (ObjectNode message : messages()) {
            agencies.add(ContractExamples.JSON.convertValue(message.get("value"), AgencySnapshot.class).toAgency());
        }
        return agencies;
    }
}
