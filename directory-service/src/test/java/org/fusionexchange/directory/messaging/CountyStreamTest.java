package org.fusionexchange.directory.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.county;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import org.fusionexchange.directory.TopicReader;
import org.fusionexchange.directory.TopicReader.Message;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Committed changes of a county's spike thresholds reach directory.counties, keyed by county; a reset is a value
 * with spikeThresholds null, not a tombstone; a refused change is never published.
 */
@QuarkusTest
class CountyStreamTest {

    private static final Path EXAMPLES = Path.of("contracts/directory.counties/examples");
    private static final Duration PUBLISHED = Duration.ofSeconds(20);
    private static final String THRESHOLDS = "{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}";

    @InjectFusionStack
    FusionStack stack;

    String admin;

    @BeforeEach
    void token() {
        admin = Tokens.of(stack, "directory.admin");
    }

    @Test
    void anOverrideAndItsResetArePublishedWithTheCountyAsKey() {
        String county = county();
        put(county, null, THRESHOLDS).then().statusCode(201);
        put(county, "\"1\"", "{\"PT1H\": 6, \"PT6H\": 9, \"PT24H\": 14}").then().statusCode(200);
        delete(county).then().statusCode(204);

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
        put(fresh, null, "{\"PT1H\": 0, \"PT6H\": 8, \"PT24H\": 12}").then().statusCode(422);
        put(fresh, null, "{\"PT1H\": \"5\", \"PT6H\": 8, \"PT24H\": 12}").then().statusCode(400);
        put(fresh, "\"1\"", THRESHOLDS).then().statusCode(412);
        delete(fresh).then().statusCode(404);
        given().auth().oauth2(Tokens.of(stack, "tucson.analyst")).contentType(ContentType.JSON).body(THRESHOLDS)
                .put("/api/v1/counties/" + fresh + "/spike-thresholds").then().statusCode(403);
        given().contentType(ContentType.JSON).body(THRESHOLDS)
                .put("/api/v1/counties/" + fresh + "/spike-thresholds").then().statusCode(401);

        String set = county();
        put(set, null, THRESHOLDS).then().statusCode(201);
        put(set, null, THRESHOLDS).then().statusCode(428);
        put(set, "\"9\"", THRESHOLDS).then().statusCode(412);
        put(set, "\"1\"", "{\"PT1H\": 5}").then().statusCode(422);
        given().auth().oauth2(Tokens.of(stack, "tucson.analyst"))
                .delete("/api/v1/counties/" + set + "/spike-thresholds").then().statusCode(403);

        // published in commit order on one partition: once the marker is there, anything before it would be too
        String marker = county();
        put(marker, null, THRESHOLDS).then().statusCode(201);
        await().atMost(PUBLISHED).until(() -> TopicReader.county(stack, marker), m -> m.size() == 1);

        List<Message> all = TopicReader.all(stack, TopicReader.COUNTIES);
        assertEquals(0, all.stream().filter(m -> fresh.equals(m.key())).count());
        assertEquals(1, all.stream().filter(m -> set.equals(m.key())).count());
    }

    @Test
    void producedMessagesHaveTheShapeOfTheContractExamples() throws IOException {
        String county = county();
        put(county, null, THRESHOLDS).then().statusCode(201);
        delete(county).then().statusCode(204);
        List<Message> produced = await().atMost(PUBLISHED)
                .until(() -> TopicReader.county(stack, county), m -> m.size() == 2);

        assertSameShape(example("hillsborough-override.json"), produced.get(0));
        assertSameShape(example("hillsborough-defaults.json"), produced.get(1));
    }

    private io.restassured.response.Response put(String county, String ifMatch, String body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put("/api/v1/counties/" + county + "/spike-thresholds");
    }

    private io.restassured.response.Response delete(String county) {
        return given().auth().oauth2(admin).delete("/api/v1/counties/" + county + "/spike-thresholds");
    }

    private static JsonNode example(String file) throws IOException {
        return new ObjectMapper().readTree(Files.readString(EXAMPLES.resolve(file)));
    }

    /**
     * The same field names and JSON types as the example, null exactly where the example has null (spikeThresholds
     * of a reset), and the same headers.
     */
    private static void assertSameShape(JsonNode example, Message message) {
        assertEquals(example.path("key").asText().isEmpty(), message.key().isEmpty());
        assertEquals(message.value().path("county").asText(), message.key());
        assertSameFields(example.path("value"), message.value(), "");

        JsonNode headers = example.path("headers");
        assertEquals(names(headers), new TreeSet<>(message.headers().keySet()));
        for (String constant : List.of("ce_specversion", "ce_type", "ce_source", "content-type")) {
            assertEquals(headers.path(constant).asText(), message.headers().get(constant), constant);
        }
        assertEquals(message.key(), message.headers().get("ce_subject"));
        UUID.fromString(message.headers().get("ce_id"));
        Instant.parse(message.headers().get("ce_time"));
        Instant.parse(message.value().path("updatedAt").asText());
    }

    private static void assertSameFields(JsonNode example, JsonNode actual, String at) {
        assertEquals(names(example), names(actual), "fields at " + (at.isEmpty() ? "/" : at));
        for (Iterator<String> it = example.fieldNames(); it.hasNext();) {
            String field = it.next();
            JsonNode want = example.get(field);
            JsonNode got = actual.get(field);
            assertEquals(want.getNodeType(), got.getNodeType(), "type of " + at + "/" + field);
            if (want.isObject()) {
                assertSameFields(want, got, at + "/" + field);
            }
        }
    }

    private static TreeSet<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
