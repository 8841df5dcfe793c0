package org.fusionexchange.intake.normalize;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers as officers write them ({@code (813) 555-0147}, {@code +1 813-555-0147}, {@code 02 123 4567}), read
 * with libphonenumber in the region of the report's jurisdiction, and their E.164 form. The same number in the same
 * jurisdiction always gives the same answer (for one version of the library), from libphonenumber's metadata alone.
 * <p>
 * So up to {@value #READINGS_KEPT} readings are kept, by region and number as written (Caffeine's size-bounded cache,
 * which keeps what is read most often): a report's phone is read by its validation and again for its case-reports
 * event (about 3 µs each), and the second read is usually a lookup. A batch of numbers never seen before may have
 * some of them read twice, once the cache is full.
 */
public final class PhoneNumbers {

    /** The longest number accepted as written, in characters. */
    public static final int MAX_LENGTH = 40;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    static final int READINGS_KEPT = 10_000;
    /**
     * Its upkeep (evictions, the frequency sketch) runs on the thread that reads, not on the common fork-join pool: in
     * batches of numbers never seen before, each new entry scheduled the upkeep on a pool thread and woke it, and the
     * cache took about four fifths as much of intake-service's CPU as libphonenumber's parsing itself
     * (deploy/bench/README.md, session 39).
     */
    private static final Cache<String, Reading> READINGS = Caffeine.newBuilder().maximumSize(READINGS_KEPT)
            .executor(Runnable::run).build();

    private PhoneNumbers() {
    }

    /**
     * What a number reads as: {@code e164} when libphonenumber parses it as a possible full number, else
     * {@code problem}, the reason, as a rule's detail.
     */
    public record Reading(String e164, String problem) {

        public boolean possible() {
            return e164 != null;
        }
    }

    /**
     * The region national numbers are read in: the country of the jurisdiction code, its first two letters
     * ({@code US-FL-12057} and {@code US-FL} give {@code US}; {@code EC}, {@code TH-10} give {@code EC}, {@code TH}).
     * Null when the jurisdiction is missing, is not a code, or names a country libphonenumber has no numbering plan
     * for: then only numbers written with {@code +} and their country code can be read.
     */
    public static String region(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.length() < 2
                || (jurisdiction.length() > 2 && jurisdiction.charAt(2) != '-')) {
            return null;
        }
        String country = jurisdiction.substring(0, 2);
        return UTIL.getSupportedRegions().contains(country) ? country : null;
    }

    /**
     * Reads {@code number} as written in a report of {@code jurisdiction}. Possible means libphonenumber parses it and
     * finds it a possible full number of its country ({@code isPossibleNumber}, with the area code: a number that
     * is possible only as a local number, such as {@code 555-0147} in the US, has no E.164 form and is refused). An
     * extension ({@code ext. 12}) is left out of the E.164 form.
     */
    public static Reading read(String number, String jurisdiction) {
        if (number == null || number.isBlank()) {
            return new Reading(null, "is required");
        }
        String region = region(jurisdiction);
        return READINGS.get(region + ' ' + number, key -> parse(number, region));
    }

    private static Reading parse(String number, String region) {
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(number, region == null ? "ZZ" : region);
        } catch (NumberParseException e) {
            return new Reading(null, switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> region == null && !number.strip().startsWith("+")
                        ? "must start with + and its country code: the jurisdiction gives no country whose national "
                                + "numbers can be read"
                        : "has no known country code after the +";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short to be a phone number";
                case TOO_LONG -> "is too long to be a phone number";
                default -> "must be a phone number, such as (813) 555-0147, 813-555-0147 or +1 813-555-0147";
            });
        }
        ValidationResult possible = UTIL.isPossibleNumberWithReason(parsed);
        String country = UTIL.getRegionCodeForCountryCode(parsed.getCountryCode());
        return switch (possible) {
            case IS_POSSIBLE -> new Reading(UTIL.format(parsed, PhoneNumberFormat.E164), null);
            case IS_POSSIBLE_LOCAL_ONLY -> new Reading(null, "is a local number only: write it with its area code, "
                    + "such as (813) 555-0147");
            case TOO_SHORT -> new Reading(null, "is too short for a phone number of " + country);
            case TOO_LONG -> new Reading(null, "is too long for a phone number of " + country);
            case INVALID_COUNTRY_CODE -> new Reading(null, "has no known country code after the +");
            default -> new Reading(null, "is not a possible phone number of " + country);
        };
    }

    /** The E.164 form of a number as written, or null when it is not a possible full number. */
    public static String e164(String number, String jurisdiction) {
        return read(number, jurisdiction).e164();
    }
}
