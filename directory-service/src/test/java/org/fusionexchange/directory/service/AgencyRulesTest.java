package org.fusionexchange.directory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusionexchange.directory.service.Agency.Contact;
import org.junit.jupiter.api.Test;

/** The rules of an agency, without HTTP or a database. */
class AgencyRulesTest {

    private static AgencyDraft draft(String code, AgencyKind kind, List<String> jurisdictions, List<String> members,
            List<ReportType> focus) {
        return new AgencyDraft(code, "Name", kind, "US", jurisdictions, members, focus,
                new Contact("intel@agency.example.org", "+18135550100"));
    }

    private static List<String> pointers(AgencyDraft draft) {
        return AgencyRules.check(draft).stream().map(Violation::pointer).toList();
    }

    @Test
    void jurisdictionCodesFollowIso3166() {
        for (String valid : List.of("US", "TH", "US-FL", "TH-10", "US-FL-12057", "MA-01")) {
            assertNull(JurisdictionCode.problem(valid), valid);
        }
        for (String invalid : List.of("", "us", "XX", "ZZ-FL", "US-FLOR", "US-FL-1205", "TH-10-12345", "US-",
                "US-FL-12057-1", "US FL")) {
            assertTrue(JurisdictionCode.problem(invalid) != null, invalid);
        }
    }

    @Test
    void namesAndEmailsCarryNoControlCharactersOrBrokenUnicode() {
        for (String name : List.of("nul\u0000", "bell\u0007", "escape\u001b[31m", "half \ud83d pair", "\udc00")) {
            AgencyDraft draft = new AgencyDraft("TAMPA-PD", name, AgencyKind.LOCAL, "US", List.of("US"), null, null,
                    new Contact("intel\u0000@agency.example.org", null));
            assertEquals(List.of("/name", "/contact/email"), pointers(draft), name);
        }
        AgencyDraft international = new AgencyDraft("TAMPA-PD", "Polic\u00eda \ud83d\ude94 \u0e15\u0e33\u0e23\u0e27\u0e08",
                AgencyKind.LOCAL, "US", List.of("US"), null, null, null);
        assertEquals(List.of(), pointers(international));
    }

    @Test
    void codesAreUpperCaseLettersDigitsAndDashes() {
        assertTrue(AgencyRules.isCode("TAMPA-PD"));
        assertTrue(AgencyRules.isCode("A1"));
        assertTrue(!AgencyRules.isCode("A"));
        assertTrue(!AgencyRules.isCode("-TAMPA"));
        assertTrue(!AgencyRules.isCode("tampa-pd"));
        assertTrue(!AgencyRules.isCode("A".repeat(33)));
    }

    @Test
    void aValidLocalAgencyHasNoViolations() {
        assertEquals(List.of(), pointers(draft("TAMPA-PD", AgencyKind.LOCAL, List.of("US-FL-12057"), null, null)));
    }

    @Test
    void onlyTaskForcesHaveMembersAndFocus() {
        assertEquals(List.of("/members", "/focus"), pointers(draft("TAMPA-PD", AgencyKind.LOCAL, List.of("US"),
                List.of("DEA"), List.of(ReportType.OVERDOSE))));
        assertEquals(List.of("/members", "/focus"),
                pointers(draft("TF", AgencyKind.TASK_FORCE, List.of("US"), List.of(), List.of())));
        assertEquals(List.of("/members/1", "/members/2"), pointers(draft("TF", AgencyKind.TASK_FORCE,
                List.of("US"), List.of("DEA", "DEA", "TF"), List.of(ReportType.OVERDOSE))));
    }

    @Test
    void contactsAreAnEmailAndAnE164Number() {
        AgencyDraft bad = new AgencyDraft("DEA", "DEA", AgencyKind.FEDERAL, "US", List.of("US"), null, null,
                new Contact("dea at example", "0800 555"));
        assertEquals(List.of("/contact/email", "/contact/phone"), pointers(bad));
        AgencyDraft none = new AgencyDraft("DEA", "DEA", AgencyKind.FEDERAL, "US", List.of("US"), null, null, null);
        assertEquals(List.of(), pointers(none));
    }

    @Test
    void aQuotaHasRequestsPerSecondFrom1To10000AndABurstFromThemTo100000() {
        assertEquals(List.of(), pointers(quota(new Quota(5, 10))));
        assertEquals(List.of(), pointers(quota(new Quota(10_000, 100_000))));
        assertEquals(List.of(), pointers(quota(new Quota(1, 1))));
        assertEquals(List.of(), pointers(quota(null)));
        assertEquals(List.of("/quota/requestsPerSecond"), pointers(quota(new Quota(0, 10))));
        assertEquals(List.of("/quota/requestsPerSecond"), pointers(quota(new Quota(10_001, 20_000))));
        assertEquals(List.of("/quota/burst"), pointers(quota(new Quota(5, 4))));
        assertEquals(List.of("/quota/burst"), pointers(quota(new Quota(5, 100_001))));
        assertEquals(List.of("/quota/requestsPerSecond", "/quota/burst"), pointers(quota(new Quota(null, null))));
    }

    private static AgencyDraft quota(Quota quota) {
        return new AgencyDraft("DEA", "DEA", AgencyKind.FEDERAL, "US", List.of("US"), null, null, null, quota);
    }
}
