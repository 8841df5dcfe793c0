package org.fusionexchange.alert.service;

import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Hierarchical jurisdiction codes rooted in ISO 3166: {@code US}, {@code US-FL}, {@code US-FL-12057}. */
@Schema(type = SchemaType.STRING, description = "A jurisdiction code: ISO 3166-1 country, ISO 3166-2 subdivision, "
        + "or a US county as subdivision and 5-digit FIPS code (US, US-FL, US-FL-12057)",
        maxLength = JurisdictionCode.MAX_LENGTH, pattern = JurisdictionCode.PATTERN, example = "US-FL")
public final class JurisdictionCode {

    /** The form of a code, as the API declares it. */
    public static final String PATTERN = "^[A-Z]{2}(-[A-Z0-9]{1,3}(-[0-9]{5})?)?$";
    /** The longest code: a US county, {@code US-FL-12057}. */
    public static final int MAX_LENGTH = 12;

    private static final Pattern FORMAT = Pattern.compile(PATTERN);

    private JurisdictionCode() {
    }

    public static boolean isValid(String code) {
        return code != null && FORMAT.matcher(code).matches();
    }

    /** {@code outer} contains {@code inner} when they are equal or inner starts with outer followed by '-'. */
    public static boolean contains(String outer, String inner) {
        return inner.equals(outer) || inner.startsWith(outer + "-");
    }
}
