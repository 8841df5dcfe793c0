package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The audit trail (DOMAIN.md, CJIS 5.4.1.1): every API request leaves one record with time, component, event,
 * identity and outcome, refusals included.
 */
@QuarkusTest
class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFusionStack
    FusionStack stack;

    private final List<String> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        DirectoryTopic.demoAgencies(stack);
        Logger.getLogger(AuditLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(capture);
    }

    @Test
    void everyRequestLeavesARecordOfWhoDidWhatAndTheOutcomeRefusalsIncluded() throws Exception {
        String id = SampleReports.submit(Tokens.of(stack, "tampa.reporter"), SampleReports.overdose());
        JsonNode created = last("POST /api/v1/reports");
        assertEquals("intake-service", created.path("component").asText());
        assertEquals("tampa.reporter", created.path("identity").asText());
        assertEquals("TAMPA-PD", created.path("agency").asText());
        assertTrue(!created.path("subject").asText().isEmpty(), "the token's subject: " + created);
        assertEquals("success", created.path("outcome").asText());
        assertEquals(201, created.path("status").asInt());
        assertTrue(created.hasNonNull("time") && created.hasNonNull("client"), created.toString());

        // another agency's attempt to read it: refused, and recorded with who tried
        given().auth().oauth2(Tokens.of(stack, "phoenix.reporter")).when().get("/api/v1/reports/" + id)
                .then().statusCode(404);
        JsonNode probed = last("GET /api/v1/reports/" + id);
        assertEquals("phoenix.reporter", probed.path("identity").asText());
        assertEquals("PHOENIX-PD", probed.path("agency").asText());
        assertEquals("refused", probed.path("outcome").asText());
        assertEquals(404, probed.path("status").asInt());

        // no token at all
        given().when().get("/api/v1/reports/" + id).then().statusCode(401);
        JsonNode anonymous = last("GET /api/v1/reports/" + id);
        assertTrue(anonymous.path("identity").isMissingNode() || anonymous.path("identity").isNull(),
                anonymous.toString());
        assertEquals(401, anonymous.path("status").asInt());
        assertEquals("refused", anonymous.path("outcome").asText());
    }

    /** The last audit record of the event. */
    private JsonNode last(String event) throws Exception {
        for (int i = records.size() - 1; i >= 0; i--) {
            JsonNode record = JSON.readTree(records.get(i));
            if (event.equals(record.path("event").asText())) {
                return record;
            }
        }
        throw new AssertionError("no audit record of " + event + " in " + records);
    }
}
