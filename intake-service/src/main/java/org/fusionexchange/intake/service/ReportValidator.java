package org.fusionexchange.intake.service;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.fusionexchange.intake.domain.InstantText;
import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportInput.Entities;
import org.fusionexchange.intake.domain.ReportInput.Marking;
import org.fusionexchange.intake.domain.ReportInput.Person;
import org.fusionexchange.intake.domain.ReportInput.Substance;
import org.fusionexchange.intake.domain.ReportInput.Vehicle;
import org.fusionexchange.intake.domain.ReportType;
import org.fusionexchange.intake.domain.Tlp;
import org.fusionexchange.intake.normalize.PhoneNumbers;
import org.fusionexchange.intake.normalize.Plates;
import org.fusionexchange.intake.normalize.Vins;

/**
 * The rules a report must follow (issue 4, DOMAIN.md), checked all at once so that the answer names every
 * offending field. Pure: no HTTP, no database, the clock passed in.
 */
public final class ReportValidator {

    public static final int MAX_EXTERNAL_REF = 64;
    public static final int MAX_HEADLINE = 200;
    public static final int MAX_NARRATIVE = 20_000;
    public static final int MAX_LIST_ENTRIES = 100;
    public static final int MAX_SHORT_TEXT = 200;
    public static final int MAX_REASON = 2_000;
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000");
    public static final int MAX_QUANTITY_DECIMALS = 6;

    public static final String JURISDICTION_RULE = "[A-Z]{2}(-[A-Z0-9]{1,3}(-[0-9]{5})?)?";
    public static final Pattern JURISDICTION = Pattern.compile(JURISDICTION_RULE);
    public static final String AGENCY_CODE_RULE = "[A-Z0-9][A-Z0-9-]{1,31}";
    public static final Pattern AGENCY_CODE = Pattern.compile(AGENCY_CODE_RULE);
    /** Text without control characters (ISO controls, as {@link Character#isISOControl}), as a JSON Schema pattern. */
    public static final String ONE_LINE_TEXT = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    /** The same with line breaks and tabs allowed: the narrative's and a retraction's reason. */
    public static final String MULTI_LINE_TEXT = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
    /** The longest text a pattern rule reads. */
    public static final int MAX_PATTERN_TEXT = 64;
    public static final int MAX_ROLE = 64;
    public static final int MAX_VEHICLE_TEXT = 64;

    private ReportValidator() {
    }

    /** Every violation of the report's rules; empty when it may be stored. */
    public static List<Violation> validate(ReportInput report, Instant now) {
        return validate(report, now, "");
    }

    /** As {@link #validate(ReportInput, Instant)}, with pointers under {@code prefix} (a batch item's index). */
    public static List<Violation> validate(ReportInput report, Instant now, String prefix) {
        Check check = new Check(prefix);
        if (report == null) {
            check.fail("", "A report object is required.");
            return check.violations;
        }
        check.requiredLine("/externalRef", report.externalRef(), MAX_EXTERNAL_REF);
        check.required("/type", report.type());
        occurredAt(check, report.occurredAt(), now);
        check.pattern("/jurisdiction", report.jurisdiction(), JURISDICTION, true,
                "must be a jurisdiction code such as US, US-FL or US-FL-12057");
        if (report.location() != null) {
            check.range("/location/lat", report.location().lat(), -90, 90);
            check.range("/location/lon", report.location().lon(), -180, 180);
        }
        check.requiredLine("/headline", report.headline(), MAX_HEADLINE);
        check.text("/narrative", report.narrative(), MAX_NARRATIVE, true);
        entities(check, report.entities(), report.jurisdiction(), now);
        if (report.type() == ReportType.OVERDOSE) {
            if (report.overdose() == null) {
                check.fail("/overdose", "is required for an OVERDOSE report");
            } else {
                check.required("/overdose/fatal", report.overdose().fatal());
                check.required("/overdose/naloxoneAdministered", report.overdose().naloxoneAdministered());
            }
        } else if (report.overdose() != null && report.type() != null) {
            check.fail("/overdose", "is only for an OVERDOSE report");
        }
        marking(check, report.marking());
        return check.violations;
    }

    /** The rules of a retraction's reason. */
    public static List<Violation> validateReason(String reason) {
        Check check = new Check("");
        check.text("/reason", reason, MAX_REASON, true);
        if (reason == null || reason.isBlank()) {
            check.fail("/reason", "is required");
        }
        return check.violations;
    }

    private static void occurredAt(Check check, String occurredAt, Instant now) {
        if (occurredAt == null) {
            check.fail("/occurredAt", "is required");
            return;
        }
        try {
            Instant at = InstantText.parse(occurredAt);
            if (!InstantText.fourDigitYear(at)) {
                check.fail("/occurredAt", "must be an ISO-8601 instant with a four-digit year, such as "
                        + "2026-11-28T15:42:00Z");
            } else if (at.isAfter(now.plus(MAX_CLOCK_SKEW))) {
                check.fail("/occurredAt", "must not be more than 5 minutes in the future");
            }
        } catch (DateTimeException e) {
            check.fail("/occurredAt", "must be an ISO-8601 instant such as 2026-11-28T15:42:00Z");
        }
    }

    private static void entities(Check check, Entities entities, String jurisdiction, Instant now) {
        if (entities == null) {
            return;
        }
        check.list("/entities/persons", entities.persons(), (pointer, person) -> person(check, pointer, person, now));
        check.list("/entities/vehicles", entities.vehicles(), (pointer, vehicle) -> vehicle(check, pointer, vehicle));
        boolean jurisdictionValid = jurisdiction != null && JURISDICTION.matcher(jurisdiction).matches();
        check.list("/entities/phones", entities.phones(),
                (pointer, phone) -> phone(check, pointer + "/number", phone.number(), jurisdiction, jurisdictionValid));
        check.list("/entities/substances", entities.substances(),
                (pointer, substance) -> substance(check, pointer, substance));
    }

    /**
     * A phone number as written, national or international: at most {@link PhoneNumbers#MAX_LENGTH} characters, no
     * control characters, and a possible full number for libphonenumber in the jurisdiction's country. A national
     * number in a report whose jurisdiction is itself refused is not read: the jurisdiction's error says enough.
     */
    private static void phone(Check check, String pointer, String number, String jurisdiction,
            boolean jurisdictionValid) {
        if (number == null || number.isBlank()) {
            check.fail(pointer, "is required");
            return;
        }
        if (!check.text(pointer, number, PhoneNumbers.MAX_LENGTH, false)) {
            return;
        }
        if (!jurisdictionValid && !number.strip().startsWith("+")) {
            return;
        }
        PhoneNumbers.Reading reading = PhoneNumbers.read(number, jurisdictionValid ? jurisdiction : null);
        if (!reading.possible()) {
            check.fail(pointer, reading.problem());
        }
    }

    private static void person(Check check, String pointer, Person person, Instant now) {
        check.requiredLine(pointer + "/name", person.name(), MAX_SHORT_TEXT);
        check.text(pointer + "/role", person.role(), MAX_ROLE, false);
        if (person.dateOfBirth() != null) {
            try {
                LocalDate born = LocalDate.parse(person.dateOfBirth());
                if (born.getYear() < 0) {
                    // LocalDate also reads -0001-01-01, which the case-reports contract's dates cannot hold
                    check.fail(pointer + "/dateOfBirth", "must be an ISO-8601 date with a four-digit year, such as "
                            + "1990-04-12");
                } else if (born.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1))) {
                    check.fail(pointer + "/dateOfBirth", "must not be in the future");
                }
            } catch (DateTimeException e) {
                check.fail(pointer + "/dateOfBirth", "must be an ISO-8601 date such as 1990-04-12");
            }
        }
    }

    private static void vehicle(Check check, String pointer, Vehicle vehicle) {
        boolean plate = vehicle.plate() != null;
        boolean state = vehicle.plateState() != null;
        check.pattern(pointer + "/plate", vehicle.plate(), Plates.PLATE, false, Plates.PLATE_DETAIL);
        check.pattern(pointer + "/plateState", vehicle.plateState(), Plates.STATE, false, Plates.STATE_DETAIL);
        check.pattern(pointer + "/vin", vehicle.vin(), Vins.RULE, false, Vins.RULE_DETAIL);
        if (plate && !state) {
            check.fail(pointer + "/plateState", "is required with a plate");
        } else if (state && !plate) {
            check.fail(pointer + "/plate", "is required with a plate state");
        } else if (!plate && vehicle.vin() == null) {
            check.fail(pointer, "needs a plate with its issuing state, or a VIN");
        }
        check.text(pointer + "/make", vehicle.make(), MAX_VEHICLE_TEXT, false);
        check.text(pointer + "/model", vehicle.model(), MAX_VEHICLE_TEXT, false);
        check.text(pointer + "/color", vehicle.color(), MAX_VEHICLE_TEXT, false);
    }

    private static void substance(Check check, String pointer, Substance substance) {
        check.requiredLine(pointer + "/name", substance.name(), MAX_SHORT_TEXT);
        BigDecimal quantity = substance.quantity();
        if (quantity == null) {
            check.fail(pointer + "/quantity", "is required");
        } else if (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0) {
            check.fail(pointer + "/quantity", "must be positive and at most " + MAX_QUANTITY.toPlainString());
        } else if (quantity.stripTrailingZeros().scale() > MAX_QUANTITY_DECIMALS) {
            // 1e-999999 is positive too, but no database column or consumer holds it
            check.fail(pointer + "/quantity", "must have at most " + MAX_QUANTITY_DECIMALS + " decimals");
        }
        check.required(pointer + "/unit", substance.unit());
    }

    private static void marking(Check check, Marking marking) {
        if (marking == null) {
            return;
        }
        check.list("/marking/recipients", marking.recipients(), (pointer, code) -> check.pattern(pointer, code,
                AGENCY_CODE, true, "must be an agency code such as DEA"));
        if (marking.tlp() == Tlp.RED && (marking.recipients() == null || marking.recipients().isEmpty())) {
            check.fail("/marking/recipients", "must name at least one agency for TLP:RED");
        }
    }

    /** Collects violations under a pointer prefix. */
    private static final class Check {
        private final String prefix;
        private final List<Violation> violations = new ArrayList<>();

        Check(String prefix) {
            this.prefix = prefix;
        }

        void fail(String pointer, String detail) {
            violations.add(new Violation(prefix + pointer, detail));
        }

        void required(String pointer, Object value) {
            if (value == null) {
                fail(pointer, "is required");
            }
        }

        void requiredLine(String pointer, String value, int max) {
            if (value == null || value.isBlank()) {
                fail(pointer, "is required");
            } else {
                text(pointer, value, max, false);
            }
        }

        /** Length and characters: no control characters (but line breaks and tabs in multi-line text), no broken
         * surrogate pairs, since neither survives PostgreSQL or a reader's screen. */
        /** True when the text keeps the rules (or is null). */
        boolean text(String pointer, String value, int max, boolean multiLine) {
            if (value == null) {
                return true;
            }
            if (value.length() > max) {
                fail(pointer, "must be at most " + max + " characters");
                return false;
            }
            if (!printable(value, multiLine)) {
                fail(pointer, "must not contain control characters or invalid Unicode");
                return false;
            }
            return true;
        }

        void pattern(String pointer, String value, Pattern pattern, boolean required, String detail) {
            if (value == null) {
                if (required) {
                    fail(pointer, "is required");
                }
            } else if (value.length() > MAX_PATTERN_TEXT || !pattern.matcher(value).matches()) {
                fail(pointer, detail);
            }
        }

        void range(String pointer, Double value, double min, double max) {
            if (value == null) {
                fail(pointer, "is required");
            } else if (!(value >= min && value <= max)) {
                fail(pointer, "must be between " + (int) min + " and " + (int) max);
            }
        }

        <T> void list(String pointer, List<T> list, BiConsumer<String, T> each) {
            if (list == null) {
                return;
            }
            if (list.size() > MAX_LIST_ENTRIES) {
                fail(pointer, "must have at most " + MAX_LIST_ENTRIES + " entries");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                T item = list.get(i);
                if (item == null) {
                    fail(pointer + "/" + i, "must not be null");
                } else {
                    each.accept(pointer + "/" + i, item);
                }
            }
        }

        private static boolean printable(String value, boolean multiLine) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c)) {
                    if (!(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                        return false;
                    }
                } else if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
