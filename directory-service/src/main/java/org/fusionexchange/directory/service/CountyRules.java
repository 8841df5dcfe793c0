package org.fusionexchange.directory.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** What a county code and a county's spike thresholds must be; plain rules, testable without HTTP. */
public final class CountyRules {

    /** A US county: the state's two letters, then the county's 5-digit FIPS code, as alert-service reads them. */
    public static final String COUNTY_PATTERN = "^US-[A-Z]{2}-[0-9]{5}$";
    public static final Pattern COUNTY = Pattern.compile("US-[A-Z]{2}-[0-9]{5}");
    public static final int MIN_THRESHOLD = 1;
    public static final int MAX_THRESHOLD = 10_000;
    private static final List<String> WINDOWS = List.of("PT1H", "PT6H", "PT24H");

    private CountyRules() {
    }

    /** Refuses (400, naming the path parameter {@code code}) anything but a county code. */
    public static void requireCounty(String code) {
        if (code == null || !COUNTY.matcher(code).matches()) {
            throw DirectoryException.Invalid.spikeThresholds(true, List.of(new Violation("code",
                    "must be a US county code: US-, the state's two letters, - and the county's 5-digit FIPS code, "
                            + "e.g. US-FL-12057")));
        }
    }

    /**
     * The thresholds a body gives: {@code {"PT1H": 5, "PT6H": 8, "PT24H": 12}}, each an integer from 1 to 10000,
     * all three required and nothing else (an unknown window is refused rather than silently dropped, since it is
     * most likely a misspelt one). A value that is not an integer is malformed (400); a missing, out-of-range or
     * unknown field breaks the rules (422). Every offending field is named by its JSON pointer.
     */
    public static SpikeThresholds read(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw DirectoryException.Invalid.spikeThresholds(true,
                    List.of(new Violation("", "a JSON body is required")));
        }
        if (!body.isObject()) {
            throw DirectoryException.Invalid.spikeThresholds(true, List.of(new Violation("",
                    "must be an object with PT1H, PT6H and PT24H")));
        }
        List<Violation> malformed = new ArrayList<>();
        List<Violation> broken = new ArrayList<>();
        int[] values = new int[WINDOWS.size()];
        for (int i = 0; i < WINDOWS.size(); i++) {
            String window = WINDOWS.get(i);
            JsonNode value = body.get(window);
            if (value == null) {
                broken.add(new Violation("/" + window, "is required"));
            } else if (!value.isIntegralNumber()) {
                malformed.add(new Violation("/" + window, "must be an integer"));
            } else if (!value.canConvertToInt() || value.intValue() < MIN_THRESHOLD
                    || value.intValue() > MAX_THRESHOLD) {
                broken.add(new Violation("/" + window, "must be from " + MIN_THRESHOLD + " to " + MAX_THRESHOLD));
            } else {
                values[i] = value.intValue();
            }
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!WINDOWS.contains(name)) {
                broken.add(new Violation("/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not a window; the windows are PT1H, PT6H and PT24H"));
            }
        }
        if (!malformed.isEmpty()) {
            throw DirectoryException.Invalid.spikeThresholds(true, malformed);
        }
        if (!broken.isEmpty()) {
            throw DirectoryException.Invalid.spikeThresholds(false, broken);
        }
        return new SpikeThresholds(values[0], values[1], values[2]);
    }
}
