package org.fusionexchange.intake.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusionexchange.intake.mapping.NormalisedEntities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every example message of the case-reports contract follows its schema and header rules; drift fails here. */
class CaseReportContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> examples() {
        return CaseReportSchema.examples();
    }

    @Test
    void theContractHasItsSevenExamples() {
        assertEquals(7, examples().size(), "examples: " + examples());
    }

    @Test
    void someExampleHoldsANationalPhoneALowerCaseVinAndAFlaggedOne() throws Exception {
        List<String> numbers = new ArrayList<>();
        List<String> vins = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (Path example : examples()) {
            JsonNode entities = JSON.readTree(Files.readString(example)).at("/value/report/entities");
            entities.path("phones").forEach(phone -> numbers.add(phone.path("number").asText()));
            entities.path("vehicles").forEach(vehicle -> {
                vins.add(vehicle.path("vin").asText());
                checks.add(vehicle.at("/normalized/vinCheck").asText());
            });
        }
        assertTrue(numbers.contains("(813) 555-0147"), numbers.toString());
        assertTrue(numbers.contains("02 123 4567"), numbers.toString());
        assertTrue(vins.contains("1hgcm82633a004352"), vins.toString());
        assertTrue(checks.containsAll(List.of("VALID", "INVALID", "UNCHECKED")), checks.toString());
    }

    /** The normalised forms in the examples are what the producer itself computes from what was written. */
    @ParameterizedTest
    @MethodSource("examples")
    void anExamplesNormalisedFormsAreTheProducers(Path example) throws Exception {
        JsonNode report = JSON.readTree(Files.readString(example)).at("/value/report");
        ObjectNode asWritten = report.deepCopy();
        asWritten.get("entities").path("phones").forEach(phone -> ((ObjectNode) phone).remove("e164"));
        asWritten.get("entities").path("vehicles").forEach(vehicle -> ((ObjectNode) vehicle).remove("normalized"));
        NormalisedEntities.addTo(asWritten);
        assertEquals(report, asWritten, example.toString());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void anExampleFollowsTheSchemaAndTheHeaderRules(Path example) throws Exception {
        JsonNode message = JSON.readTree(Files.readString(example));
        assertEquals(List.of(), CaseReportSchema.violations(message.get("value")), example.toString());
        Map<String, String> headers = new HashMap<>();
        message.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        assertEquals(List.of(), CaseReportSchema.headerViolations(message.get("key").asText(), headers,
                message.get("value")), example.toString());
    }

    @Test
    void theSchemaRefusesADriftedShape() throws Exception {
        JsonNode message = JSON.readTree(Files.readString(examples().get(0)));
        ObjectNode renamed = message.get("value").deepCopy();
        renamed.set("id", renamed.remove("eventId"));
        assertFalse(CaseReportSchema.violations(renamed).isEmpty(), "a renamed eventId must be refused");

        ObjectNode redWithoutRecipients = message.get("value").deepCopy();
        ((ObjectNode) redWithoutRecipients.get("report").get("marking")).put("tlp", "RED");
        assertFalse(CaseReportSchema.violations(redWithoutRecipients).isEmpty(), "RED needs recipients");

        ObjectNode phoneWithoutE164 = message.get("value").deepCopy();
        ((ObjectNode) phoneWithoutE164.at("/report/entities/phones/0")).remove("e164");
        assertFalse(CaseReportSchema.violations(phoneWithoutE164).isEmpty(), "a phone carries its e164");

        ObjectNode e164AsWritten = message.get("value").deepCopy();
        ((ObjectNode) e164AsWritten.at("/report/entities/phones/0")).put("e164", "(813) 555-0123");
        assertFalse(CaseReportSchema.violations(e164AsWritten).isEmpty(), "e164 is E.164");

        ObjectNode vehicleWithoutNormalized = message.get("value").deepCopy();
        ((ObjectNode) vehicleWithoutNormalized.at("/report/entities/vehicles/0")).remove("normalized");
        assertFalse(CaseReportSchema.violations(vehicleWithoutNormalized).isEmpty(), "a vehicle carries normalized");

        ObjectNode lowerCaseNormalizedPlate = message.get("value").deepCopy();
        ((ObjectNode) lowerCaseNormalizedPlate.at("/report/entities/vehicles/0/normalized")).put("plate", "abc-1234");
        assertFalse(CaseReportSchema.violations(lowerCaseNormalizedPlate).isEmpty(), "a normalised plate is upper case");

        ObjectNode unknownVinCheck = message.get("value").deepCopy();
        ((ObjectNode) unknownVinCheck.at("/report/entities/vehicles/0/normalized")).put("vin", "1HGCM82633A004352")
                .put("vinCheck", "MAYBE");
        assertFalse(CaseReportSchema.violations(unknownVinCheck).isEmpty(), "vinCheck is VALID, INVALID or UNCHECKED");

        ObjectNode vinWithoutCheck = message.get("value").deepCopy();
        ((ObjectNode) vinWithoutCheck.at("/report/entities/vehicles/0/normalized")).put("vin", "1HGCM82633A004352")
                .putNull("vinCheck");
        assertFalse(CaseReportSchema.violations(vinWithoutCheck).isEmpty(), "a VIN has its check");

        ObjectNode severityUpperCase = message.get("value").deepCopy();
        ((ObjectNode) severityUpperCase.get("report")).put("severity", "SEVERE");
        assertTrue(CaseReportSchema.violations(severityUpperCase).size() > 0, "severity is spelled as CAP spells it");
    }
}
