package org.fusionexchange.intake.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.fusionexchange.intake.normalize.PhoneNumbers.Reading;
import org.junit.jupiter.api.Test;

/** Phone numbers as written, read in the jurisdiction's country and normalised to E.164, without HTTP. */
class PhoneNumbersTest {

    @Test
    void theRegionIsTheJurisdictionsCountry() {
        assertEquals("US", PhoneNumbers.region("US-FL-12057"));
        assertEquals("US", PhoneNumbers.region("US-FL"));
        assertEquals("US", PhoneNumbers.region("US"));
        for (String country : new String[] {"EC", "BW", "MA", "NO", "TH"}) {
            assertEquals(country, PhoneNumbers.region(country));
        }
        assertEquals("TH", PhoneNumbers.region("TH-10"));
        assertNull(PhoneNumbers.region(null));
        assertNull(PhoneNumbers.region("Florida"));
        assertNull(PhoneNumbers.region("ZZ"), "a code libphonenumber has no numbering plan for");
    }

    @Test
    void aNumberWrittenNationallyOrInternationallyGivesOneE164() {
        assertEquals("+18135550147", PhoneNumbers.e164("(813) 555-0147", "US-FL-12057"));
        assertEquals("+18135550147", PhoneNumbers.e164("813-555-0147", "US-FL-12057"));
        assertEquals("+18135550147", PhoneNumbers.e164("+1 813-555-0147", "US-FL-12057"));
        assertEquals("+18135550147", PhoneNumbers.e164("+18135550147", "US-FL-12057"));
        assertEquals("+18135550147", PhoneNumbers.e164("+1 813-555-0147", "EC"), "+ overrides the jurisdiction");
        assertEquals("+59321234567", PhoneNumbers.e164("+593 2 123 4567", "US-FL-12057"));
        assertEquals("+59321234567", PhoneNumbers.e164("02 123 4567", "EC"));
        assertEquals("+26771234567", PhoneNumbers.e164("71 234 567", "BW"));
        assertEquals("+212612345678", PhoneNumbers.e164("06 12 34 56 78", "MA"));
        assertEquals("+4722225555", PhoneNumbers.e164("22 22 55 55", "NO"));
        assertEquals("+66812345678", PhoneNumbers.e164("081 234 5678", "TH-10"));
        assertEquals("+18135550147", PhoneNumbers.e164("813-555-0147 ext. 12", "US"), "the extension is left out");
        assertEquals("+18135550147", PhoneNumbers.e164("+1 813 555 0147", null), "+ needs no jurisdiction");
    }

    @Test
    void aReadingKeptIsKeptForItsOwnRegionOnly() {
        // the same number as written, read in two countries in turn, twice: the kept readings are per region
        for (int i = 0; i < 2; i++) {
            assertEquals("+59321234567", PhoneNumbers.e164("02 123 4567", "EC"));
            assertNull(PhoneNumbers.e164("02 123 4567", "US-FL-12057"));
            assertEquals("+18135550147", PhoneNumbers.e164("813-555-0147", "US-FL"));
            assertEquals("+5938135550147", PhoneNumbers.e164("813-555-0147", "EC-P"));
        }
        // more numbers than are kept: each still reads as itself
        for (int i = 0; i < PhoneNumbers.READINGS_KEPT + 100; i++) {
            String national = String.format("813-5%02d-%04d", i / 10_000, i % 10_000);
            assertEquals("+18135" + national.substring(5, 7) + national.substring(8), PhoneNumbers.e164(national,
                    "US-FL-12057"), national);
        }
    }

    @Test
    void whatIsNotAPossibleFullNumberIsRefusedWithItsReason() {
        assertRefused("12", "US-FL-12057", "is too short for a phone number of US");
        assertRefused("abc", "US-FL-12057",
                "must be a phone number, such as (813) 555-0147, 813-555-0147 or +1 813-555-0147");
        assertRefused("+999 1", "US-FL-12057", "has no known country code after the +");
        assertRefused("555-0147", "US-FL-12057",
                "is a local number only: write it with its area code, such as (813) 555-0147");
        assertRefused("813 555 01470000", "US-FL-12057", "is too long for a phone number of US");
        assertRefused("813-555-0147", null, "must start with + and its country code: the jurisdiction gives no "
                + "country whose national numbers can be read");
        assertRefused(" ", "US", "is required");
        assertRefused(null, "US", "is required");
    }

    private static void assertRefused(String number, String jurisdiction, String problem) {
        Reading reading = PhoneNumbers.read(number, jurisdiction);
        assertFalse(reading.possible(), number);
        assertNull(reading.e164(), number);
        assertEquals(problem, reading.problem(), number);
    }
}
