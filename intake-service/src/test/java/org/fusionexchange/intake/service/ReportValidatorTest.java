package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportInput.Entities;
import org.fusionexchange.intake.domain.ReportInput.Marking;
import org.fusionexchange.intake.domain.ReportInput.Phone;
import org.fusionexchange.intake.domain.ReportInput.Substance;
import org.fusionexchange.intake.domain.ReportInput.Vehicle;
import org.fusionexchange.intake.domain.ReportType;
import org.fusionexchange.intake.domain.SubstanceUnit;
import org.fusionexchange.intake.domain.Tlp;
import org.junit.jupiter.api.Test;

/** The rules without HTTP or a database: the clock is passed in, the pointers are exact. */
class ReportValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static ReportInput report(String occurredAt, Entities entities, Marking marking) {
        return report("US-FL-12057", entities, marking, occurredAt);
    }

    private static ReportInput report(String jurisdiction, Entities entities, Marking marking, String occurredAt) {
        return new ReportInput("TPD-1", ReportType.DRUG_SEIZURE, occurredAt, jurisdiction, null, "Headline", null,
                entities, null, null, marking);
    }

    private static List<Violation> phones(String jurisdiction, String... numbers) {
        Entities entities = new Entities(null, null,
                java.util.Arrays.stream(numbers).map(Phone::new).toList(), null);
        return ReportValidator.validate(report(jurisdiction, entities, null, "2026-11-28T11:00:00Z"), NOW);
    }

    private static List<Violation> vehicle(Vehicle vehicle) {
        return ReportValidator.validate(report("2026-11-28T11:00:00Z",
                new Entities(null, List.of(vehicle), null, null), null), NOW);
    }

    @Test
    void phonesAreAcceptedAsOfficersWriteThem() {
        assertEquals(List.of(), phones("US-FL-12057", "(813) 555-0147", "813-555-0147", "+1 813-555-0147",
                "+593 2 123 4567", "+18135550123", "813.555.0147 ext. 12"));
        assertEquals(List.of(), phones("EC", "02 123 4567"));
        assertEquals(List.of(), phones("TH-10", "081 234 5678"));
    }

    @Test
    void aPhoneThatIsNoPossibleNumberIsRefusedAtItsPointer() {
        assertEquals(List.of(new Violation("/entities/phones/0/number", "is too short for a phone number of US"),
                new Violation("/entities/phones/1/number",
                        "must be a phone number, such as (813) 555-0147, 813-555-0147 or +1 813-555-0147"),
                new Violation("/entities/phones/2/number", "has no known country code after the +"),
                new Violation("/entities/phones/3/number", "must be at most 40 characters"),
                new Violation("/entities/phones/4/number",
                        "must not contain control characters or invalid Unicode"),
                new Violation("/entities/phones/5/number", "is required"),
                new Violation("/entities/phones/6/number",
                        "is a local number only: write it with its area code, such as (813) 555-0147")),
                phones("US-FL-12057", "12", "abc", "+999 1", "+1 813 555 0147" + " ".repeat(26), "813\u0000555-0147",
                        " ", "555-0147"));
        assertEquals(40, ("+1 813 555 0147" + " ".repeat(25)).length());
        assertEquals(List.of(), phones("US-FL-12057", "+1 813 555 0147" + " ".repeat(25)));
    }

    @Test
    void aNationalPhoneInAReportWithoutAValidJurisdictionIsLeftToTheJurisdictionsError() {
        assertEquals(List.of(new Violation("/jurisdiction", "must be a jurisdiction code such as US, US-FL or US-FL-12057")),
                phones("Florida", "(813) 555-0147", "+1 813-555-0147"));
        assertEquals(List.of(new Violation("/jurisdiction", "must be a jurisdiction code such as US, US-FL or US-FL-12057"),
                new Violation("/entities/phones/0/number", "has no known country code after the +")),
                phones("Florida", "+999 1"));
    }

    @Test
    void vinsAndPlatesAreAcceptedInEitherCase() {
        assertEquals(List.of(), vehicle(new Vehicle(null, null, "1hgcm82633a004352", null, null, null)));
        assertEquals(List.of(), vehicle(new Vehicle(null, null, "1HGCM82643A004352", null, null, null)),
                "a wrong check digit is flagged on the event, never refused");
        assertEquals(List.of(), vehicle(new Vehicle(null, null, "AB12CD34EF5", null, null, null)),
                "11 characters: a VIN from before 1981");
        assertEquals(List.of(), vehicle(new Vehicle("abc-123", "fl", null, null, null, null)));
        assertEquals(List.of(), vehicle(new Vehicle("ABC 12.3", " us-fl ", null, null, null, null)));
    }

    @Test
    void whatCannotBeAVinOrAPlateIsRefused() {
        String vinRule = "must be a VIN: 17 letters and digits without I, O or Q, or 11 to 16 letters and digits "
                + "for a vehicle built before 1981 (upper or lower case)";
        for (String vin : new String[] {"1HGCM82633A00435O", "1hgcm82633a00435q", "1234567890", "1HGCM82633A0043521",
                "1HGCM-82633A0043"}) {
            assertEquals(List.of(new Violation("/entities/vehicles/0/vin", vinRule)),
                    vehicle(new Vehicle(null, null, vin, null, null, null)), vin);
        }
        assertEquals(List.of(new Violation("/entities/vehicles/0/plate",
                "must be 1 to 15 letters, digits, spaces, dashes or dots, beginning with a letter or digit")),
                vehicle(new Vehicle("-ABC", "FL", null, null, null, null)));
        assertEquals(List.of(new Violation("/entities/vehicles/0/plateState", "must be the issuing state, such as FL or US-FL")),
                vehicle(new Vehicle("ABC", "Florida", null, null, null, null)));
    }

    @Test
    void theClockSkewIsFiveMinutesExactly() {
        assertEquals(List.of(), ReportValidator.validate(report("2026-11-28T12:05:00Z", null, null), NOW));
        assertEquals(List.of(new Violation("/occurredAt", "must not be more than 5 minutes in the future")),
                ReportValidator.validate(report("2026-11-28T12:05:00.001Z", null, null), NOW));
    }

    @Test
    void aBatchItemsPointersStartWithItsIndex() {
        Entities entities = new Entities(null, List.of(new Vehicle("ABC1234", null, null, null, null, null)), null,
                List.of(new Substance("fentanyl", new BigDecimal("0.0000001"), SubstanceUnit.G, null)));
        assertEquals(List.of(new Violation("/7/entities/vehicles/0/plateState", "is required with a plate"),
                new Violation("/7/entities/substances/0/quantity", "must have at most 6 decimals")),
                ReportValidator.validate(report("2026-11-28T11:00:00Z", entities, null), NOW, "/7"));
    }

    @Test
    void redNeedsRecipientsAndOtherMarkingsDoNot() {
        assertEquals(List.of(new Violation("/marking/recipients", "must name at least one agency for TLP:RED")),
                ReportValidator.validate(report("2026-11-28T11:00:00Z", null, new Marking(Tlp.RED, List.of())), NOW));
        assertEquals(List.of(), ReportValidator.validate(
                report("2026-11-28T11:00:00Z", null, new Marking(Tlp.RED, List.of("DEA"))), NOW));
        assertEquals(List.of(), ReportValidator.validate(
                report("2026-11-28T11:00:00Z", null, new Marking(Tlp.CLEAR, null)), NOW));
    }

    @Test
    void aRetractionNeedsAReason() {
        assertEquals(List.of(new Violation("/reason", "is required")), ReportValidator.validateReason(" "));
        assertEquals(List.of(), ReportValidator.validateReason("Entered under the wrong case number"));
    }
}
