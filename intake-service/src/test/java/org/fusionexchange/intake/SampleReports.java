package org.fusionexchange.intake;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Valid report bodies to start from, each with an externalRef no other test uses. */
public final class SampleReports {

    public static final ObjectMapper JSON = new ObjectMapper();

    private SampleReports() {
    }

    public static String uniqueRef(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

    /** A DRUG_SEIZURE with every kind of entity, about 1 KiB. */
    public static ObjectNode drugSeizure() {
        ObjectNode report = JSON.createObjectNode();
        report.put("externalRef", uniqueRef("TPD"));
        report.put("type", "DRUG_SEIZURE");
        report.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("jurisdiction", "US-FL-12057");
        report.putObject("location").put("lat", 27.9506).put("lon", -82.4572);
        report.put("headline", "Traffic stop seizure: 2 kg fentanyl powder");
        report.put("narrative", "Vehicle stopped on I-275. K9 alert; powder found in a hidden compartment.");
        ObjectNode entities = report.putObject("entities");
        entities.putArray("persons").addObject().put("name", "Jane Roe").put("dateOfBirth", "1985-09-30")
                .put("role", "SUSPECT");
        entities.putArray("vehicles").addObject().put("plate", "ABC1234").put("plateState", "FL")
                .put("make", "Toyota").put("model", "Camry").put("color", "Blue");
        entities.putArray("phones").addObject().put("number", "+18135550123");
        entities.putArray("substances").addObject().put("name", "fentanyl").put("quantity", 2).put("unit", "KG")
                .put("form", "POWDER");
        report.put("severity", "Severe");
        report.putObject("marking").put("tlp", "AMBER").putArray("recipients");
        return report;
    }

    /** An OVERDOSE with its outcome. */
    public static ObjectNode overdose() {
        ObjectNode report = drugSeizure();
        report.put("type", "OVERDOSE");
        report.put("headline", "Non-fatal overdose, suspected fentanyl-laced pills");
        report.putObject("overdose").put("fatal", false).put("naloxoneAdministered", true);
        return report;
    }

    /** Only what is required. */
    public static ObjectNode minimal() {
        ObjectNode report = JSON.createObjectNode();
        report.put("externalRef", uniqueRef("MIN"));
        report.put("type", "SUSPICIOUS_ACTIVITY");
        report.put("occurredAt", Instant.now().minus(5, ChronoUnit.MINUTES).toString());
        report.put("jurisdiction", "US-FL");
        report.put("headline", "Suspicious activity near the port");
        return report;
    }

    /** Submits a report as the token's agency, expecting 201, and answers its id. */
    public static String submit(String token, ObjectNode report) {
        return io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                .body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201).extract().path("id");
    }
}
