package org.fusionexchange.directory.messaging;

import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.county;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.ContractExamples;
import org.fusionexchange.directory.Requests;
import org.fusionexchange.directory.TopicReader;
import org.fusionexchange.directory.TopicReader.Message;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Committed changes of a county's spike thresholds reach directory.counties, keyed by county; a reset is a value
 * with spikeThresholds null, not a tombstone; a refused change is never published.
 */
@QuarkusTest
class CountyStreamTest extends AsAdministrator {

    private static final Duration PUBLISHED = Duration.ofSeconds(20);
    private static final String THRESHOLDS = "{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}";

    @Test
    void anOverrideAndItsResetArePublishedWithTheCountyAsKey() {
        String county = county();
        put(county, null, THRESHOLDS).statusCode(201);
        put(county, "\"1\"", "{\"PT1H\": 6, \"PT6H\": 9, \"PT24H\": 14}").statusCode(200);
        delete(county).statusCode(204);

        List<Message> messages = await().atMost(PUBLISHED)
                .until(() -> TopicReader.county(stack, county), m -> m.size() == 3);
        Message set = messages.get(0);
        assertEquals(county, set.key());
        assertEquals(county, set.value().path("county").asText());
        assertEquals(5, set.value().path("spikeThresholds").path("PT1H").asInt());
        assertEquals(8, set.value().path("spikeThresholds").path("PT6H").asInt());
        assertEquals(12, set.value().path("spikeThresholds").path("PT24H").asInt());
        assertEquals(1, set.value().path("version").asLong());
        assertEquals(14, messages.get(1).value().path("spikeThresholds").path("PT24H").asInt());
        assertEquals(2, messages.get(1).value().path("version").asLong());

        Message reset = messages.get(2);
        assertTrue(reset.value().has("spikeThresholds"));
        assertTrue(reset.value().get("spikeThresholds").isNull());
        assertEquals(3, reset.value().path("version").asLong());
        assertEquals("org.fusionexchange.directory.CountySettingsChanged", reset.headers().get("ce_type"));
        assertEquals(county, reset.headers().get("ce_subject"));
        assertNotEquals(set.headers().get("ce_id"), reset.headers().get("ce_id"));

        // none of it went to the agencies' topic
        assertEquals(0, TopicReader.forKey(stack, county).size());
    }

    @Test
    void aRefusedChangeIsNeverPublished() {
        String fresh = county();
        put(fresh, null, "{\"PT1H\": 0, \"PT6H\": 8, \"PT24H\": 12}").statusCode(422);
        put(fresh, null, "{\"PT1H\": \"5\", \"PT6H\": 8, \"PT24H\": 12}").statusCode(400);
        put(fresh, "\"1\"", THRESHOLDS).statusCode(412);
        delete(fresh).statusCode(404);
        Requests.put(Tokens.of(stack, "tucson.analyst"), path(fresh), null, THRESHOLDS).statusCode(403);
        Requests.put(null, path(fresh), null, THRESHOLDS).statusCode(401);

        String set = county();
        put(set, null, THRESHOLDS).statusCode(201);
        put(set, null, THRESHOLDS).statusCode(428);
        put(set, "\"9\"", THRESHOLDS).statusCode(412);
        put(set, "\"1\"", "{\"PT1H\": 5}").statusCode(422);
        Requests.delete(Tokens.of(stack, "tucson.analyst"), path(set), null).statusCode(403);

        // published in commit order on one partition: once the marker is there, anything before it would be too
        String marker = county();
        put(marker, null, THRESHOLDS).statusCode(201);
        await().atMost(PUBLISHED).until(() -> TopicReader.county(stack, marker), m -> m.size() == 1);

        List<Message> all = TopicReader.all(stack, TopicReader.COUNTIES);
        assertEquals(0, all.stream().filter(m -> fresh.equals(m.key())).count());
        assertEquals(1, all.stream().filter(m -> set.equals(m.key())).count());
    }

    @Test
    void producedMessagesHaveTheShapeOfTheContractExamples() {
        String county = county();
        put(county, null, THRESHOLDS).statusCode(201);
        delete(county).statusCode(204);
        List<Message> produced = await().atMost(PUBLISHED)
                .until(() -> TopicReader.county(stack, county), m -> m.size() == 2);

        assertSameShape(example("hillsborough-override.json"), produced.get(0));
        assertSameShape(example("hillsborough-defaults.json"), produced.get(1));
    }

    private ValidatableResponse put(String county, String ifMatch, String body) {
        return Requests.put(admin, path(county), ifMatch, body);
    }

    private ValidatableResponse delete(String county) {
        return Requests.delete(admin, path(county), null);
    }

    private static String path(String county) {
        return "/api/v1/counties/" + county + "/spike-thresholds";
    }

    private static JsonNode example(String file) {
        return ContractExamples.example(TopicReader.COUNTIES, file);
    }

    /**
     * The same field names and JSON types as the example, null exactly where the example has null (spikeThresholds
     * of a reset), and the same headers.
     */
    private static void assertSameShape(JsonNode example, Message message) {
        ContractExamples.assertSameShape(example, message, "county", true);
    }
}
