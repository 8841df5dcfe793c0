package org.fusionexchange.intake.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionexchange.intake.normalize.Vins.Check;
import org.junit.jupiter.api.Test;

/** The VIN rule, its normalised form and the North American check digit (49 CFR 565.15), without HTTP. */
class VinsTest {

    @Test
    void theCheckDigitIsComputedAsIso3779Says() {
        assertEquals('3', Vins.checkDigit("1HGCM82633A004352"));
        // a remainder of 10 is written X
        assertEquals('X', Vins.checkDigit("1M8GDM9AXKP042788"));
        // every character 1: 1 x (sum of the weights, 89) mod 11 = 1
        assertEquals('1', Vins.checkDigit("11111111111111111"));
        // letters take their transliterated values in either case
        assertEquals(Vins.checkDigit("1HGCM82633A004352"), Vins.checkDigit("1hgcm82633a004352"));
        assertNull(Vins.checkDigit("1HGCM82633A00435O"), "O has no value");
        assertThrows(IllegalArgumentException.class, () -> Vins.checkDigit("1HGCM8263"));
    }

    @Test
    void aNorthAmericanVinIsCheckedInEitherCase() {
        assertEquals(Check.VALID, Vins.check("1HGCM82633A004352"));
        assertEquals(Check.VALID, Vins.check("1hgcm82633a004352"));
        assertEquals(Check.VALID, Vins.check("1M8GDM9AXKP042788"));
        // the same with a wrong check digit: flagged, never refused (the rule accepts it)
        assertEquals(Check.INVALID, Vins.check("1HGCM82643A004352"));
        assertEquals(Check.INVALID, Vins.check("1hgcm82643a004352"));
        assertTrue(Vins.RULE.matcher("1hgcm82643a004352").matches());
        // first characters 1 to 5 are North America
        assertEquals(Check.INVALID, Vins.check("5HGCM82643A004352"));
    }

    @Test
    void otherVinsAreUnchecked() {
        assertEquals(Check.UNCHECKED, Vins.check("WVWZZZ1JZXW000001"), "a European VIN has no check digit");
        assertEquals(Check.UNCHECKED, Vins.check("JH4KA7561PC008269"), "nor has a Japanese one");
        assertEquals(Check.UNCHECKED, Vins.check("6HGCM82633A004352"));
        assertEquals(Check.UNCHECKED, Vins.check("1HGCM8263A00435"), "a VIN from before 1981");
        assertEquals(Check.UNCHECKED, Vins.check(null));
    }

    @Test
    void theRuleTakesWhatCanBeAVin() {
        for (String vin : new String[] {"1HGCM82633A004352", "1hgcm82633a004352", "JH4KA7561PC008269",
                "12345678901", "AB12CD34EF56GH", "1HGCM8263A00435Q"}) {
            assertTrue(Vins.RULE.matcher(vin).matches(), vin);
        }
        for (String vin : new String[] {"1HGCM82633A00435O", "1HGCM82633A00435i", "1HGCM82633Q004352",
                "1234567890", "1HGCM82633A0043521", "1HGCM-82633A00435", "1HGCM 82633A0043", "1HGCM82633A00435É",
                ""}) {
            assertFalse(Vins.RULE.matcher(vin).matches(), vin);
        }
    }

    @Test
    void theNormalisedFormIsUpperCase() {
        assertEquals("1HGCM82633A004352", Vins.normalize("1hgcm82633a004352"));
        assertNull(Vins.normalize(null));
    }
}
