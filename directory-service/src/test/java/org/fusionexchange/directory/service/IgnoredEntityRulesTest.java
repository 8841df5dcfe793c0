package org.fusionexchange.directory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Entity keys and ignore list bodies, without HTTP: what is accepted and normalised, and each refusal. */
class IgnoredEntityRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKeyNamesItsKindAndTheValueAsAlertServiceComparesIt() {
        assertEquals(new EntityKey(EntityKind.PHONE, "+18135550100", null), IgnoredEntityRules.key("phone:+18135550100"));
        assertEquals(new EntityKey(EntityKind.PHONE, "+4712345", null), IgnoredEntityRules.key("phone:+4712345"));
        assertEquals(new EntityKey(EntityKind.VIN, "1HGCM82633A004352", null),
                IgnoredEntityRules.key("vin:1HGCM82633A004352"));
        assertEquals(new EntityKey(EntityKind.VIN, "AB123456789", null), IgnoredEntityRules.key("vin:AB123456789"));
        assertEquals(new EntityKey(EntityKind.PLATE, "ABC123", "US-FL"), IgnoredEntityRules.key("plate:US-FL:ABC123"));
        assertEquals(new EntityKey(EntityKind.PLATE, "7", "TH-10"), IgnoredEntityRules.key("plate:TH-10:7"));
        assertEquals("plate:US-FL:ABC123", IgnoredEntityRules.key("plate:US-FL:ABC123").key());
        assertEquals("phone:+18135550100", IgnoredEntityRules.key("phone:+18135550100").key());
    }

    @Test
    void aVinOrPlateInLowerCaseIsTakenInUpperCase() {
        assertEquals("vin:1HGCM82633A004352", IgnoredEntityRules.key("vin:1hgcm82633a004352").key());
        assertEquals("plate:US-FL:ABC123", IgnoredEntityRules.key("plate:us-fl:abc123").key());
        assertEquals("plate:US-AZ:X1", IgnoredEntityRules.key("plate:Us-aZ:x1").key());
    }

    @Test
    void anythingElseIsABadRequestNamingTheKey() {
        for (String bad : List.of("", ":", "phone", "phone:", "phone:18135550100", "phone:+08135550100",
                "phone:+123456", "phone:+1234567890123456", "phone:+1 813 555 0100", "PHONE:+18135550100",
                "Phone:+18135550100", "vin:1HGCM82633A00435O", "vin:1HGCM82633A00435I", "vin:1HGCM82633A00435Q",
                "vin:1234567890", "vin:1HGCM82633A0043520", "vin:1HGCM-82633A004352", "plate:ABC123",
                "plate:FL:ABC123", "plate:US-FLOR:ABC123", "plate:US-FL:", "plate:US-FL:ABC-123",
                "plate:US-FL:ABC 123", "plate:US-FL:ABCDEFGHIJKLMNOP", "plate:US-FL:ABC:123", "email:a@b.example",
                "vin:1hgcm82633a00435ß", "plate:US-FL:abcı", "phone:+18135550100 ", "phone:+18135550100:x")) {
            DirectoryException.Invalid e = assertThrows(DirectoryException.Invalid.class,
                    () -> IgnoredEntityRules.key(bad), bad);
            assertTrue(e.malformed(), bad);
            assertEquals("ignored-entity", e.subject());
            assertEquals(List.of("key"), pointers(e), bad);
        }
        assertThrows(DirectoryException.Invalid.class, () -> IgnoredEntityRules.key(null));
    }

    @Test
    void aReasonIsOneTo500Characters() {
        assertEquals("test number used in training", reason("{\"reason\": \"test number used in training\"}"));
        assertEquals("x".repeat(500), reason("{\"reason\": \"" + "x".repeat(500) + "\"}"));
        // characters, not UTF-16 units: 500 emoji are 500 characters
        assertEquals(500, reason("{\"reason\": \"" + "😀".repeat(500) + "\"}").codePointCount(0, 1000));
        // what a GET answers may be sent back as it is
        assertEquals("training", reason("{\"key\": \"phone:+18135550100\", \"kind\": \"PHONE\", \"value\": "
                + "\"+18135550100\", \"plateState\": null, \"reason\": \"training\", \"version\": 2, "
                + "\"updatedAt\": \"2026-12-03T09:15:00Z\", \"updatedBy\": \"directory.admin\"}"));
    }

    @Test
    void aBodyThatIsNotAnObjectOrAReasonThatIsNotAStringIsMalformed() {
        assertRefused("[\"training\"]", true, "");
        assertRefused("\"training\"", true, "");
        assertRefused("null", true, "");
        assertRefused("{\"reason\": 5}", true, "/reason");
        assertRefused("{\"reason\": null}", true, "/reason");
        assertRefused("{\"reason\": [\"training\"]}", true, "/reason");
    }

    @Test
    void aMissingBlankOrTooLongReasonAndUnknownFieldsBreakTheRules() {
        assertRefused("{}", false, "/reason");
        assertRefused("{\"reason\": \"  \"}", false, "/reason");
        assertRefused("{\"reason\": \"" + "x".repeat(501) + "\"}", false, "/reason");
        assertRefused("{\"reason\": \"line\\nbreak\"}", false, "/reason");
        assertRefused("{\"reasn\": \"training\"}", false, "/reason", "/reasn");
        assertRefused("{\"reason\": \"training\", \"ignored\": false, \"a/b\": 1}", false, "/ignored", "/a~1b");
    }

    private static String reason(String body) {
        try {
            return IgnoredEntityRules.reason(JSON.readTree(body));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertRefused(String body, boolean malformed, String... pointers) {
        DirectoryException.Invalid e = assertThrows(DirectoryException.Invalid.class, () -> reason(body), body);
        assertEquals(malformed, e.malformed(), body);
        assertEquals("ignored-entity", e.subject());
        assertEquals(List.of(pointers), pointers(e), body);
    }

    private static List<String> pointers(DirectoryException.Invalid e) {
        return e.violations().stream().map(Violation::pointer).toList();
    }
}
