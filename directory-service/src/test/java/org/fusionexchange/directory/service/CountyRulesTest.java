package org.fusionexchange.directory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** County codes and spike thresholds, without HTTP: what is accepted, and each refusal's status and pointers. */
class CountyRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCountyCodeIsUsStateAndFiveDigits() {
        CountyRules.requireCounty("US-FL-12057");
        for (String bad : List.of("US-FL-1205", "US-FL-120577", "us-fl-12057", "FL-12057", "US-FL", "US-F-12057",
                "CA-ON-12345", "US-FL-12057 ", "")) {
            DirectoryException.Invalid e = assertThrows(DirectoryException.Invalid.class,
                    () -> CountyRules.requireCounty(bad), bad);
            assertTrue(e.malformed());
            assertEquals(List.of("code"), pointers(e));
        }
    }

    @Test
    void threeIntegerThresholdsFromOneTo10000AreRead() {
        assertEquals(new SpikeThresholds(5, 8, 12), read("{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}"));
        assertEquals(new SpikeThresholds(1, 10000, 1), read("{\"PT24H\": 1, \"PT1H\": 1, \"PT6H\": 10000}"));
    }

    @Test
    void aValueThatIsNotAnIntegerIsMalformed() {
        assertRefused("{\"PT1H\": \"5\", \"PT6H\": 8.5, \"PT24H\": null}", true, "/PT1H", "/PT6H", "/PT24H");
        assertRefused("{\"PT1H\": true, \"PT6H\": [8], \"PT24H\": {}}", true, "/PT1H", "/PT6H", "/PT24H");
        assertRefused("[5, 8, 12]", true, "");
        assertRefused("12", true, "");
        assertRefused("null", true, "");
    }

    @Test
    void missingOutOfRangeAndUnknownWindowsBreakTheRules() {
        assertRefused("{\"PT1H\": 0, \"PT6H\": 10001, \"PT24H\": 99999999999}", false, "/PT1H", "/PT6H", "/PT24H");
        assertRefused("{\"PT1H\": -5, \"PT6H\": 8}", false, "/PT1H", "/PT24H");
        assertRefused("{}", false, "/PT1H", "/PT6H", "/PT24H");
        assertRefused("{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12, \"PT2H\": 3, \"a/b\": 1}", false, "/PT2H", "/a~1b");
    }

    private static SpikeThresholds read(String body) {
        try {
            return CountyRules.read(JSON.readTree(body));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertRefused(String body, boolean malformed, String... pointers) {
        DirectoryException.Invalid e = assertThrows(DirectoryException.Invalid.class, () -> read(body), body);
        assertEquals(malformed, e.malformed(), body);
        assertEquals("spike-thresholds", e.subject());
        assertEquals(List.of(pointers), pointers(e), body);
    }

    private static List<String> pointers(DirectoryException.Invalid e) {
        return e.violations().stream().map(Violation::pointer).toList();
    }
}
