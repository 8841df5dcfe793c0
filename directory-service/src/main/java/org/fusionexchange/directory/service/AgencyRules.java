package org.fusionexchange.directory.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an agency must keep, checked without the database: one violation per offending field, each with the
 * JSON pointer of the field in the request body. Whether members exist is the service's to check.
 */
public final class AgencyRules {

    /** The agency code's form, as the OpenAPI document declares it. */
    public static final String CODE_PATTERN = "^[A-Z0-9][A-Z0-9-]{1,31}$";
    /** Text without control characters, as names, searches and reasons must be. */
    public static final String PLAIN_TEXT_PATTERN = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";
    public static final String E164_PATTERN = "^\\+[1-9][0-9]{1,14}$";
    public static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    public static final int MAX_NAME = 200;
    public static final int MAX_LIST = 100;
    public static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private AgencyRules() {
    }

    public static boolean isCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** Everything wrong with the draft, in the order of its fields; empty when it is a valid agency. */
    public static List<Violation> check(AgencyDraft draft) {
        List<Violation> violations = new ArrayList<>();
        if (!isCode(draft.code())) {
            violations.add(new Violation("/code", "must match [A-Z0-9][A-Z0-9-]{1,31}"));
        }
        if (draft.name() == null || draft.name().isBlank()) {
            violations.add(new Violation("/name", "must not be blank"));
        } else if (draft.name().length() > MAX_NAME) {
            violations.add(new Violation("/name", "must be at most " + MAX_NAME + " characters"));
        } else if (!isPlainText(draft.name())) {
            violations.add(new Violation("/name", "must not contain control characters or broken Unicode"));
        }
        if (draft.kind() == null) {
            violations.add(new Violation("/kind", "is required"));
        }
        if (!JurisdictionCode.isCountry(draft.country())) {
            violations.add(new Violation("/country", "must be an ISO 3166-1 alpha-2 country code"));
        }
        checkJurisdictions(draft.jurisdictions(), violations);
        checkTaskForce(draft, violations);
        checkContact(draft.contact(), violations);
        checkQuota(draft.quota(), violations);
        return violations;
    }

    private static void checkJurisdictions(List<String> jurisdictions, List<Violation> violations) {
        if (jurisdictions == null || jurisdictions.isEmpty()) {
            violations.add(new Violation("/jurisdictions", "must not be empty"));
            return;
        }
        if (jurisdictions.size() > MAX_LIST) {
            violations.add(new Violation("/jurisdictions", "must have at most " + MAX_LIST + " entries"));
            return;
        }
        for (int i = 0; i < jurisdictions.size(); i++) {
            String problem = JurisdictionCode.problem(jurisdictions.get(i));
            if (problem != null) {
                violations.add(new Violation("/jurisdictions/" + i, problem));
            }
        }
    }

    private static void checkTaskForce(AgencyDraft draft, List<Violation> violations) {
        List<String> members = orEmpty(draft.members());
        List<ReportType> focus = orEmpty(draft.focus());
        if (draft.kind() != AgencyKind.TASK_FORCE) {
            if (!members.isEmpty()) {
                violations.add(new Violation("/members", "only a task force has members"));
            }
            if (!focus.isEmpty()) {
                violations.add(new Violation("/focus", "only a task force has a focus"));
            }
            return;
        }
        if (members.isEmpty()) {
            violations.add(new Violation("/members", "a task force must have members"));
        } else if (members.size() > MAX_LIST) {
            violations.add(new Violation("/members", "must have at most " + MAX_LIST + " entries"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < members.size(); i++) {
                String member = members.get(i);
                if (!isCode(member)) {
                    violations.add(new Violation("/members/" + i, "must be an agency code"));
                } else if (member.equals(draft.code())) {
                    violations.add(new Violation("/members/" + i, "a task force cannot be its own member"));
                } else if (!seen.add(member)) {
                    violations.add(new Violation("/members/" + i, "is listed twice"));
                }
            }
        }
        if (focus.isEmpty()) {
            violations.add(new Violation("/focus", "a task force must have a focus of report types"));
        } else {
            for (int i = 0; i < focus.size(); i++) {
                if (focus.get(i) == null) {
                    violations.add(new Violation("/focus/" + i, "must be a report type"));
                }
            }
        }
    }

    private static void checkContact(Agency.Contact contact, List<Violation> violations) {
        if (contact == null) {
            return;
        }
        String email = contact.email();
        if (email != null && (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches() || !isPlainText(email))) {
            violations.add(new Violation("/contact/email", "must be an email address"));
        }
        if (contact.phone() != null && !E164.matcher(contact.phone()).matches()) {
            violations.add(new Violation("/contact/phone", "must be a phone number in E.164 (+18135550100)"));
        }
    }

    private static void checkQuota(Quota quota, List<Violation> violations) {
        if (quota == null) {
            return;
        }
        Integer rate = quota.requestsPerSecond();
        boolean rateValid = rate != null && rate >= 1 && rate <= Quota.MAX_REQUESTS_PER_SECOND;
        if (rate == null) {
            violations.add(new Violation("/quota/requestsPerSecond", "is required"));
        } else if (!rateValid) {
            violations.add(new Violation("/quota/requestsPerSecond",
                    "must be an integer from 1 to " + Quota.MAX_REQUESTS_PER_SECOND));
        }
        Integer burst = quota.burst();
        int least = rateValid ? rate : 1;
        if (burst == null) {
            violations.add(new Violation("/quota/burst", "is required"));
        } else if (burst < least || burst > Quota.MAX_BURST) {
            violations.add(new Violation("/quota/burst", "must be an integer from requestsPerSecond ("
                    + least + ") to " + Quota.MAX_BURST));
        }
    }

    /** Text that PostgreSQL stores as sent: no control characters (NUL among them), no unpaired surrogates. */
    static boolean isPlainText(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c)
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
