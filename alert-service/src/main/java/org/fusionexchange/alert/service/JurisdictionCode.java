package org.fusionexchange.alert.service;

import java.util.regex.Pattern;

/** Hierarchical jurisdiction codes rooted in ISO 3166: {@code US}, {@code US-FL}, {@code US-FL-12057}. */
public final class JurisdictionCode {

    private static final Pattern FORMAT = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3}(-[0-9]{5})?)?");

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
