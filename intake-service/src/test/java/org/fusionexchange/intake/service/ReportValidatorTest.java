package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportInput.Entities;
import org.fusionexchange.intake.domain.ReportInput.Marking;
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
        return new ReportInput("TPD-1", ReportType.DRUG_SEIZURE, occurredAt, "US-FL-12057", null, "Headline", null,
                entities, null, null, marking);
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
