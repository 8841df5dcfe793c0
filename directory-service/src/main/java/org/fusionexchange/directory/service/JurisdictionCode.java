package org.fusionexchange.directory.service;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jurisdiction codes of DOMAIN.md, rooted in ISO 3166: a country ({@code US}), a subdivision ({@code US-FL},
 * {@code TH-10}) or a US county ({@code US-FL-12057}, subdivision and 5-digit FIPS code).
 */
public final class JurisdictionCode {

    /** The forms of a jurisdiction code, as the OpenAPI document declares them. */
    public static final String PATTERN = "^[A-Z]{2}(-[A-Z0-9]{1,3}(-[0-9]{5})?)?$";
    public static final String COUNTRY_PATTERN = "^[A-Z]{2}$";
    public static final int MAX_LENGTH = 12;
    private static final Pattern FORM = Pattern.compile("([A-Z]{2})(?:-([A-Z0-9]{1,3})(?:-([0-9]{5}))?)?");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private JurisdictionCode() {
    }

    public static boolean isCountry(String code) {
        return code != null && COUNTRIES.contains(code);
    }

    /** Why the code is not a jurisdiction code, or null when it is one. */
    public static String problem(String code) {
        if (code == null) {
            return "must not be null";
        }
        Matcher m = FORM.matcher(code);
        if (!m.matches()) {
            return "must be a country (US), a subdivision (US-FL) or a US county (US-FL-12057)";
        }
        if (!isCountry(m.group(1))) {
            return "must start with an ISO 3166-1 alpha-2 country code";
        }
        if (m.group(3) != null && !"US".equals(m.group(1))) {
            return "county codes exist only for US subdivisions";
        }
        return null;
    }
}
