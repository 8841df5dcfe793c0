package org.fusionexchange.intake.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import org.fusionexchange.intake.config.StrictJson;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A batch is read in one pass, each object item bound as the parser reaches it, and read again whole (as a tree, as
 * before) when an item is not an object or cannot be read: each item must come out as the tree read it, with
 * multi-byte text and braces inside strings; a body that is not one well-formed array is refused as before.
 */
class RequestBodiesTest {

    /** What the tests read items as; the service's strict rules apply (no number as text). */
    public record Item(String name, int n, BigDecimal quantity) {
        Item(String name, int n) {
            this(name, n, null);
        }
    }

    private final ObjectMapper json = strict();
    private final RequestBodies bodies = new RequestBodies(json);

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    private List<RequestBodies.BatchItem<Item>> read(String body) throws IOException {
        return bodies.readBatch(body.getBytes(StandardCharsets.UTF_8), Item.class);
    }

    @Test
    void eachObjectItemIsReadInOnePassWhateverTheTextAroundIt() throws IOException {
        List<RequestBodies.BatchItem<Item>> items = read(
                " [ {\"name\":\"é ☃ 😀 } ] {\",\"n\":1} ,\n{\"n\":2,\"name\":\"b\",\"more\":{\"x\":[1,{\"y\":\"}\"}]}}\t]\n");
        assertEquals(2, items.size());
        assertEquals(new Item("é ☃ 😀 } ] {", 1), items.get(0).value());
        assertEquals(new Item("b", 2), items.get(1).value());
        items.forEach(item -> {
            assertNull(item.failure());
            assertNull(item.sent(), "a readable item keeps no tree");
        });
        assertTrue(read("[]").isEmpty());
    }

    @Test
    void anItemThatCannotBeReadIsKeptAsSentWithWhyRelativeToItself() throws IOException {
        List<RequestBodies.BatchItem<Item>> items = read("[{\"name\":\"a\",\"n\":1},{\"name\":\"ü\",\"n\":\"2\"},"
                + "null,3,\"text\",[{\"n\":1}]]");
        assertEquals(6, items.size());
        assertEquals(new Item("a", 1), items.get(0).value());

        RequestBodies.BatchItem<Item> wrongType = items.get(1);
        assertNull(wrongType.value());
        assertNotNull(wrongType.failure());
        assertEquals("/n", ProblemMapper.unreadableProblem(wrongType.failure(), "").errors().get(0).pointer());
        assertEquals(json.readTree("{\"name\":\"ü\",\"n\":\"2\"}"), wrongType.sent());

        RequestBodies.BatchItem<Item> nothing = items.get(2);
        assertNull(nothing.value());
        assertNull(nothing.failure(), "null is not a report, but it is read");
        assertEquals(NullNode.getInstance(), nothing.sent());

        for (int i = 3; i < 6; i++) {
            assertNull(items.get(i).value());
            assertNotNull(items.get(i).failure(), "item " + i);
        }
        assertEquals(json.readTree("3"), items.get(3).sent());
        assertEquals(json.readTree("\"text\""), items.get(4).sent());
        assertEquals(json.readTree("[{\"n\":1}]"), items.get(5).sent());
    }

    @Test
    void decimalsAreReadExactlyOnBothPathsAsInASingleReport() throws IOException {
        String items = "{\"n\":1,\"quantity\":2.50},{\"n\":2,\"quantity\":1E+2},"
                + "{\"n\":3,\"quantity\":1000000000.0000001}";
        List<RequestBodies.BatchItem<Item>> onePass = read("[" + items + "]");
        List<RequestBodies.BatchItem<Item>> whole = read("[" + items + ",\"not a report\"]");
        assertNotNull(whole.get(3).failure(), "the last item sends the batch down the whole-tree path");
        for (List<RequestBodies.BatchItem<Item>> batch : List.of(onePass, whole)) {
            assertEquals(new BigDecimal("2.50"), batch.get(0).value().quantity());
            assertEquals(new BigDecimal("1E+2"), batch.get(1).value().quantity());
            assertEquals(new BigDecimal("1000000000.0000001"), batch.get(2).value().quantity());
        }
        // as a single report's body is read
        assertEquals(new BigDecimal("2.50"), bodies.read("{\"n\":1,\"quantity\":2.50}"
                .getBytes(StandardCharsets.UTF_8), Item.class).quantity());
    }

    @Test
    void aRepeatedKeyReadsAsTheTreeReadsIt() throws IOException {
        String item = "{\"name\":\"a\",\"n\":1,\"quantity\":1.5,\"name\":\"b\"}";
        Item asTree = json.treeToValue(json.readTree(item), Item.class);
        assertEquals(asTree, read("[" + item + "]").get(0).value());
        assertEquals(asTree, read("[" + item + ",3]").get(0).value());
    }

    @Test
    void aBodyThatIsNotOneArrayOfAtMostTheLimitIsRefusedAsBefore() {
        ProblemException notArray = assertThrows(ProblemException.class, () -> read("{\"name\":\"a\",\"n\":1}"));
        assertEquals(400, notArray.problem().status());
        assertEquals(400, assertThrows(ProblemException.class, () -> read("\"[]\"")).problem().status());
        assertEquals(400, assertThrows(ProblemException.class, () -> read("")).problem().status());

        // unreadable JSON and content after the array: the parser's own error, a 400 by ProblemMapper
        assertThrows(JsonProcessingException.class, () -> read("[{\"name\":\"a\",\"n\":1},"));
        assertThrows(JsonProcessingException.class, () -> read("[{\"name\":\"a\" \"n\":1}]"));
        assertThrows(JsonProcessingException.class, () -> read("[{\"name\":\"a\",\"n\":1}] []"));
        assertThrows(JsonProcessingException.class, () -> read("{\"name\":"));

        StringJoiner atLimit = new StringJoiner(",", "[", "]");
        for (int i = 0; i < RequestBodies.MAX_BATCH_ITEMS; i++) {
            atLimit.add("{\"n\":" + i + "}");
        }
        assertEquals(RequestBodies.MAX_BATCH_ITEMS, assertDoesNotThrow(atLimit.toString()).size());
        String overLimit = atLimit.toString().replace("]", ",{\"n\":0}]");
        ProblemException tooMany = assertThrows(ProblemException.class, () -> read(overLimit));
        assertEquals(413, tooMany.problem().status());
    }

    private List<RequestBodies.BatchItem<Item>> assertDoesNotThrow(String body) {
        try {
            return read(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
