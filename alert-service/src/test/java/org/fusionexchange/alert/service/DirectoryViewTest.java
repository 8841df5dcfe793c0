package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The view's agencies: the highest version of each, by code, a copy that later changes leave alone. */
class DirectoryViewTest {

    private static DirectoryAgency agency(String code, boolean suspended, long version) {
        return new DirectoryAgency(code, "LOCAL", List.of("US-FL-12057"), List.of(), suspended, version);
    }

    @Test
    void theAgenciesAreTheHighestVersionOfEachByCodeAndACopy() {
        DirectoryView view = new DirectoryView();
        assertTrue(view.agencies().isEmpty());
        assertTrue(view.apply(agency("TAMPA-PD", false, 1)));
        assertTrue(view.apply(agency("HCSO", false, 1)));
        assertTrue(view.apply(agency("DEA", false, 3)));
        Collection<DirectoryAgency> before = view.agencies();
        assertEquals(List.of("DEA", "HCSO", "TAMPA-PD"), before.stream().map(DirectoryAgency::code).toList());

        assertTrue(view.apply(agency("HCSO", true, 2)), "a higher version is kept");
        assertFalse(view.apply(agency("DEA", true, 2)), "a lower version is not");
        assertFalse(view.apply(agency("DEA", true, 3)), "nor the same version again");
        assertTrue(view.apply(agency("AZ-DPS", false, 1)));

        assertEquals(List.of("DEA", "HCSO", "TAMPA-PD"), before.stream().map(DirectoryAgency::code).toList(),
                "a copy taken earlier is left as it was");
        assertFalse(before.stream().anyMatch(DirectoryAgency::suspended));
        Collection<DirectoryAgency> after = view.agencies();
        assertEquals(List.of("AZ-DPS", "DEA", "HCSO", "TAMPA-PD"), after.stream().map(DirectoryAgency::code).toList());
        assertEquals(List.of(false, false, true, false), after.stream().map(DirectoryAgency::suspended).toList());
        assertTrue(view.suspended("HCSO"));
        assertFalse(view.suspended("DEA"));
        assertThrows(UnsupportedOperationException.class, () -> after.add(agency("PCSO", false, 1)));
    }
}
