package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.DirectoryView;
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

    @Inject
    DirectoryView directory;

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
        Exchange.demoDirectory(stack, directory);
        Logger.getLogger(AuditLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(capture);
    }

    @Test
    void everyRequestLeavesARecordOfWhoDidWhatAndTheOutcomeRefusalsIncluded() throws Exception {
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst")).queryParam("size", 1).when().get("/api/v1/alerts")
                .then().statusCode(200);
        JsonNode read = last("GET /api/v1/alerts");
        assertEquals("alert-service", read.path("component").asText());
        assertEquals("hcso.analyst", read.path("identity").asText());
        assertEquals("HCSO", read.path("agency").asText());
        assertEquals("success", read.path("outcome").asText());
        assertTrue(read.hasNonNull("time") && read.hasNonNull("client") && read.hasNonNull("subject"),
                read.toString());

        // a reporter may not read alerts: refused, and recorded with who tried
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).when().get("/api/v1/alerts").then().statusCode(403);
        JsonNode refused = last("GET /api/v1/alerts");
        assertEquals("tampa.reporter", refused.path("identity").asText());
        assertEquals("refused", refused.path("outcome").asText());
        assertEquals(403, refused.path("status").asInt());

        given().when().get("/api/v1/alerts").then().statusCode(401);
        JsonNode anonymous = last("GET /api/v1/alerts");
        assertTrue(anonymous.path("identity").isMissingNode() || anonymous.path("identity").isNull(),
                anonymous.toString());
        assertEquals(401, anonymous.path("status").asInt());
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
