package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.fusionexchange.directory.Drafts;
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
        Logger.getLogger(AuditLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(capture);
    }

    @Test
    void everyRequestLeavesARecordOfWhoDidWhatAndTheOutcomeRefusalsIncluded() throws Exception {
        String admin = Tokens.of(stack, "directory.admin");
        String code = Drafts.code("AUDIT");
        Drafts.create(admin, Drafts.local(code, "US-FL-12057"));

        // a privileged action and a change of permissions: who suspended which agency
        given().auth().oauth2(admin).when().post("/api/v1/agencies/" + code + "/suspension").then().statusCode(200);
        JsonNode suspended = last("POST /api/v1/agencies/" + code + "/suspension");
        assertEquals("directory-service", suspended.path("component").asText());
        assertEquals("directory.admin", suspended.path("identity").asText());
        assertEquals("success", suspended.path("outcome").asText());
        assertTrue(suspended.hasNonNull("time") && suspended.hasNonNull("client") && suspended.hasNonNull("subject"),
                suspended.toString());

        // an analyst's attempt: refused, and recorded with who tried
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst")).when()
                .delete("/api/v1/agencies/" + code + "/suspension").then().statusCode(403);
        JsonNode refused = last("DELETE /api/v1/agencies/" + code + "/suspension");
        assertEquals("hcso.analyst", refused.path("identity").asText());
        assertEquals("HCSO", refused.path("agency").asText());
        assertEquals("refused", refused.path("outcome").asText());
        assertEquals(403, refused.path("status").asInt());
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
