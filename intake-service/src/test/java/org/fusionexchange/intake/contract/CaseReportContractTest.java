package org.fusionexchange.intake.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    void theContractHasItsFiveExamples() {
        assertEquals(5, examples().size(), "examples: " + examples());
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

        ObjectNode severityUpperCase = message.get("value").deepCopy();
        ((ObjectNode) severityUpperCase.get("report")).put("severity", "SEVERE");
        assertTrue(CaseReportSchema.violations(severityUpperCase).size() > 0, "severity is spelled as CAP spells it");
    }
}
