package org.fusionexchange.directory.messaging;

import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.phone;
import static org.fusionexchange.directory.Drafts.plate;
import static org.fusionexchange.directory.Drafts.vin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.ContractExamples;
import org.fusionexchange.directory.Requests;
import org.fusionexchange.directory.TopicReader;
import org.fusionexchange.directory.TopicReader.Message;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Committed changes of the ignore list reach directory.ignored-entities, keyed by entity key; taking a value off
 * the list is a value with ignored false and the next version, not a tombstone; a refused change is never
 * published; what is published is what the contract's examples and schema say.
 */
@QuarkusTest
class IgnoredEntityStreamTest extends AsAdministrator {

    private static final String TOPIC = TopicReader.IGNORED_ENTITIES;
    private static final Duration PUBLISHED = Duration.ofSeconds(20);
    private static final String TRAINING = "{\"reason\": \"test number used in training\"}";

    @Test
    void anEntryItsNewReasonAndItsRemovalArePublishedWithTheEntityKeyAsKey() {
        String key = "plate:US-FL:" + plate();
        put(key.toLowerCase(), null, TRAINING).statusCode(201);
        put(key, "\"1\"", "{\"reason\": \"the academy's patrol car\"}").statusCode(200);
        delete(key, "\"2\"").statusCode(204);

        List<Message> messages = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, TOPIC, key), m -> m.size() == 3);
        Message set = messages.get(0);
        assertEquals(key, set.key());
        assertEquals(key, set.value().path("key").asText());
        assertEquals("PLATE", set.value().path("kind").asText());
        assertEquals(key.substring(12), set.value().path("value").asText());
        assertEquals("US-FL", set.value().path("plateState").asText());
        assertTrue(set.value().path("ignored").asBoolean());
        assertEquals("test number used in training", set.value().path("reason").asText());
        assertEquals(1, set.value().path("version").asLong());
        assertEquals("the academy's patrol car", messages.get(1).value().path("reason").asText());
        assertEquals(2, messages.get(1).value().path("version").asLong());

        Message removed = messages.get(2);
        assertFalse(removed.value().path("ignored").asBoolean(true));
        assertTrue(removed.value().get("reason").isNull());
        assertEquals("US-FL", removed.value().path("plateState").asText());
        assertEquals(3, removed.value().path("version").asLong());
        assertEquals("org.fusionexchange.directory.EntityIgnoreChanged", removed.headers().get("ce_type"));
        assertEquals(key, removed.headers().get("ce_subject"));
        assertNotEquals(set.headers().get("ce_id"), removed.headers().get("ce_id"));

        // none of it went to the other topics
        assertEquals(0, TopicReader.forKey(stack, key).size());
        assertEquals(0, TopicReader.county(stack, key).size());
    }

    @Test
    void aRefusedChangeIsNeverPublished() {
        String fresh = "phone:" + phone();
        put(fresh, null, "{\"reason\": \"\"}").statusCode(422);
        put(fresh, null, "{\"reason\": 5}").statusCode(400);
        put(fresh, "\"1\"", TRAINING).statusCode(412);
        delete(fresh, "\"1\"").statusCode(404);
        Requests.put(Tokens.of(stack, "tampa.analyst"), path(fresh), null, TRAINING).statusCode(403);
        Requests.put(null, path(fresh), null, TRAINING).statusCode(401);

        String set = "phone:" + phone();
        put(set, null, TRAINING).statusCode(201);
        put(set, null, TRAINING).statusCode(428);
        put(set, "\"9\"", TRAINING).statusCode(412);
        put(set, "\"1\"", "{}").statusCode(422);
        delete(set, null).statusCode(428);
        delete(set, "\"9\"").statusCode(412);
        Requests.delete(Tokens.of(stack, "phoenix.analyst"), path(set), "\"1\"").statusCode(403);

        // published in commit order on one partition: once the marker is there, anything before it would be too
        String marker = "phone:" + phone();
        put(marker, null, TRAINING).statusCode(201);
        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, TOPIC, marker), m -> m.size() == 1);

        List<Message> all = TopicReader.all(stack, TOPIC);
        assertEquals(0, all.stream().filter(m -> fresh.equals(m.key())).count());
        assertEquals(1, all.stream().filter(m -> set.equals(m.key())).count());
    }

    @Test
    void publishedMessagesAreTheContractExamplesFieldForField() {
        JsonNode ignored = example("test-phone-ignored.json");
        JsonNode unignored = example("test-phone-unignored.json");
        String key = ignored.path("key").asText();
        // the examples' own phone number; the database may have it on the list already
        String before = Requests.get(admin, path(key)).extract().header("ETag");
        if (before != null) {
            delete(key, before).statusCode(204);
        }
        String tag = put(key, null, "{\"reason\": " + ignored.path("value").path("reason") + "}").statusCode(201)
                .extract().header("ETag");
        long version = Long.parseLong(tag.replace("\"", ""));
        delete(key, tag).statusCode(204);
        List<Message> produced = await().atMost(PUBLISHED).until(
                () -> TopicReader.forKey(stack, TOPIC, key).stream()
                        .filter(m -> m.value().path("version").asLong() >= version).toList(),
                m -> m.size() == 2);

        assertSameAsExample(ignored, produced.get(0));
        assertSameAsExample(unignored, produced.get(1));
        assertEquals(version + 1, produced.get(1).value().path("version").asLong());
    }

    @Test
    void theExamplesAndWhatIsPublishedFollowTheSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(
                Path.of("contracts", TOPIC, "ignored-entity.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (String file : List.of("test-phone-ignored.json", "test-phone-unignored.json")) {
            assertEquals(Set.of(), schema.validate(example(file).path("value")), file);
        }
        String vin = "vin:" + vin();
        put(vin, null, TRAINING).statusCode(201);
        delete(vin, "\"1\"").statusCode(204);
        List<Message> produced = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, TOPIC, vin), m -> m.size() == 2);
        for (Message message : produced) {
            assertEquals(Set.of(), schema.validate(message.value()), message.value().toString());
        }

        // the schema can fail: an entry still ignored without its reason, and a phone with a plate's state
        ObjectNode noReason = ((ObjectNode) produced.get(0).value()).deepCopy().put("reason", (String) null);
        assertFalse(schema.validate(noReason).isEmpty());
        ObjectNode phoneWithState = ((ObjectNode) example("test-phone-ignored.json").path("value")).deepCopy()
                .put("plateState", "US-FL");
        Set<ValidationMessage> refused = schema.validate(phoneWithState);
        assertFalse(refused.isEmpty());
    }

    /**
     * The example, field for field and header for header, except what differs from one change to the next: the
     * version and times, the event's id.
     */
    private static void assertSameAsExample(JsonNode example, Message message) {
        ContractExamples.assertSameShape(example, message, "key", true);
        assertEquals(example.path("key").asText(), message.key());
        ObjectNode want = ((ObjectNode) example.path("value")).deepCopy();
        ObjectNode got = ((ObjectNode) message.value()).deepCopy();
        for (String varying : List.of("version", "updatedAt")) {
            want.remove(varying);
            got.remove(varying);
        }
        assertEquals(want, got);
        for (String header : List.of("ce_specversion", "ce_type", "ce_source", "ce_subject", "content-type")) {
            assertEquals(example.path("headers").path(header).asText(), message.headers().get(header), header);
        }
    }

    private static JsonNode example(String file) {
        return ContractExamples.example(TOPIC, file);
    }

    private ValidatableResponse put(String key, String ifMatch, String body) {
        return Requests.put(admin, path(key), ifMatch, body);
    }

    private ValidatableResponse delete(String key, String ifMatch) {
        return Requests.delete(admin, path(key), ifMatch);
    }

    private static String path(String key) {
        return "/api/v1/ignored-entities/" + key;
    }
}
