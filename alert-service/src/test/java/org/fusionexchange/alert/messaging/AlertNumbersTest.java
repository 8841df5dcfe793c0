package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AlertNumbersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachRecipientCountsItsOwnAlertsAfterItsStoredNumber() {
        AlertNumbers numbers = new AlertNumbers(JSON, Map.of("HCSO", 41L));

        assertEquals("{\"id\":\"a\",\"seq\":42,\"recipient\":\"HCSO\"}", number(numbers, "HCSO", "a"));
        assertEquals("{\"id\":\"b\",\"seq\":1,\"recipient\":\"DEA\"}", number(numbers, "DEA", "b"));
        assertEquals("{\"id\":\"c\",\"seq\":43,\"recipient\":\"HCSO\"}", number(numbers, "HCSO", "c"));
        assertEquals(Map.of("HCSO", 43L, "DEA", 1L), numbers.changed());
        assertEquals(0, numbers.last("PCSO"));
    }

    @Test
    void aCopyNumbersOnWithoutChangingTheOriginal() {
        AlertNumbers stored = new AlertNumbers(JSON, Map.of("HCSO", 7L));
        AlertNumbers batch = stored.copy();
        number(batch, "HCSO", "a");

        assertEquals(8, batch.last("HCSO"));
        assertEquals(7, stored.last("HCSO"), "a batch rolled back leaves the stored numbers");
        assertEquals(Map.of(), stored.changed());
        assertEquals(Map.of("HCSO", 8L), batch.changed());
    }

    @Test
    void aValueNumberedAlreadyKeepsItsNumberAndItsRecipientGoesOnAfterIt() {
        AlertNumbers numbers = new AlertNumbers(JSON, Map.of("HCSO", 3L));
        String numbered = "{\"id\":\"a\",\"seq\":12,\"recipient\":\"HCSO\"}";

        assertEquals(numbered, new String(numbers.number("HCSO", bytes(numbered)), StandardCharsets.UTF_8));
        assertEquals("{\"id\":\"b\",\"seq\":13,\"recipient\":\"HCSO\"}", number(numbers, "HCSO", "b"));
    }

    @Test
    void anUnnumberedValueNotWrittenAsRoutingWritesItIsNumberedAllTheSame() {
        AlertNumbers numbers = new AlertNumbers(JSON, Map.of());

        assertEquals("{\"recipient\":\"HCSO\",\"id\":\"a\",\"seq\":1}",
                new String(numbers.number("HCSO", bytes("{\"recipient\":\"HCSO\",\"id\":\"a\"}")),
                        StandardCharsets.UTF_8));
        assertEquals("{\"recipient\":\"HCSO\",\"seq\":2}",
                new String(numbers.number("HCSO", bytes("{\"recipient\":\"HCSO\",\"seq\":0}")),
                        StandardCharsets.UTF_8));
    }

    @Test
    void aValueThatIsNotAJsonObjectTakesNoNumber() {
        AlertNumbers numbers = new AlertNumbers(JSON, Map.of());

        assertThrows(IllegalArgumentException.class, () -> numbers.number("HCSO", bytes("not json")));
        assertThrows(IllegalArgumentException.class, () -> numbers.number("HCSO", bytes("[1,2]")));
        assertEquals(0, numbers.last("HCSO"));
        assertEquals(Map.of(), numbers.changed());
        assertEquals("{\"id\":\"a\",\"seq\":1,\"recipient\":\"HCSO\"}", number(numbers, "HCSO", "a"));
    }

    /** Numbers an alert written as routing writes it: the id, then {@code "seq":0}. */
    private static String number(AlertNumbers numbers, String recipient, String id) {
        String unnumbered = "{\"id\":\"" + id + "\",\"seq\":0,\"recipient\":\"" + recipient + "\"}";
        return new String(numbers.number(recipient, bytes(unnumbered)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
