package org.fusionexchange.intake.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Plates and issuing states: the rules as written and the forms they are compared in, without HTTP. */
class PlatesTest {

    @Test
    void aPlateIsUpperCaseWithoutSpacesDashesOrDots() {
        assertEquals("ABC123", Plates.normalize("abc-123"));
        assertEquals("ABC123", Plates.normalize("ABC 123"));
        assertEquals("ABC123", Plates.normalize("a.b.c 1-2-3"));
        assertEquals("ABC1234", Plates.normalize("ABC1234"));
        assertNull(Plates.normalize(null));
    }

    @Test
    void aStateIsUpperCaseAndTrimmed() {
        assertEquals("FL", Plates.normalizeState("fl"));
        assertEquals("FL", Plates.normalizeState(" Fl "));
        assertEquals("US-FL", Plates.normalizeState("us-fl"));
        assertNull(Plates.normalizeState(null));
    }

    @Test
    void theRulesTakeEitherCase() {
        for (String plate : new String[] {"abc-123", "ABC 123", "A.B.C", "7", "ABCDEFGHIJKLMNO"}) {
            assertTrue(Plates.PLATE.matcher(plate).matches(), plate);
        }
        for (String plate : new String[] {"-ABC", " ABC", "ABCDEFGHIJKLMNOP", "AB_C", "ÄBC", "AB\tC", ""}) {
            assertFalse(Plates.PLATE.matcher(plate).matches(), plate);
        }
        for (String state : new String[] {"FL", "fl", " fl ", "US-FL", "us-fl", "MX-SON"}) {
            assertTrue(Plates.STATE.matcher(state).matches(), state);
        }
        for (String state : new String[] {"F", "FLA", "US-", "US-FLOR", "\tFL", "F1"}) {
            assertFalse(Plates.STATE.matcher(state).matches(), state);
        }
    }
}
