package org.fusionexchange.directory.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** What an entity key and an ignore list entry's body must be; plain rules, testable without HTTP. */
public final class IgnoredEntityRules {

    /** E.164: +, then 7 to 15 digits, the first 1 to 9. */
    /** The entity key's forms, as the OpenAPI document declares them (VINs and plates also in lower case). */
    public static final String KEY_PATTERN = "^(phone:\\+[1-9][0-9]{6,14}|vin:[A-HJ-NPR-Za-hj-npr-z0-9]{11,17}"
            + "|plate:[A-Za-z]{2}-[A-Za-z0-9]{1,3}:[A-Za-z0-9]{1,15})$";
    public static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** 11 to 17 letters and digits, without I, O and Q (pre-1981 VINs are shorter). */
    public static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{11,17}");
    /** The plate's issuing subdivision, ISO 3166-2: US-FL, MX-BCN. */
    public static final Pattern PLATE_STATE = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
    /** The plate as compared: letters and digits, without spaces or dashes. */
    public static final Pattern PLATE = Pattern.compile("[A-Z0-9]{1,15}");
    public static final int MAX_REASON = 500;
    private static final Pattern ASCII = Pattern.compile("\\p{ASCII}*");
    /** What a GET answers besides the reason: sent back on a PUT, they are ignored (the key is the path's). */
    private static final Set<String> READ_ONLY = Set.of("key", "kind", "value", "plateState", "version", "updatedAt",
            "updatedBy");

    private IgnoredEntityRules() {
    }

    /**
     * The entity a key names, normalised: {@code phone:+18135550100}, {@code vin:1HGCM82633A004352} or
     * {@code plate:US-FL:ABC123}; a VIN or plate in lower case is taken in upper case. Anything else is refused
     * (400, naming the path parameter {@code key}).
     */
    public static EntityKey key(String key) {
        String[] parts = key == null ? new String[0] : key.split(":", -1);
        // upper-casing only ASCII: "ß" would otherwise become "SS", and a dotless "ı" an "I"
        if (parts.length >= 2 && ASCII.matcher(key).matches()) {
            String value = parts[parts.length - 1].toUpperCase(Locale.ROOT);
            if (parts.length == 2 && parts[0].equals("phone") && PHONE.matcher(parts[1]).matches()) {
                return new EntityKey(EntityKind.PHONE, parts[1], null);
            }
            if (parts.length == 2 && parts[0].equals("vin") && VIN.matcher(value).matches()) {
                return new EntityKey(EntityKind.VIN, value, null);
            }
            String state = parts[1].toUpperCase(Locale.ROOT);
            if (parts.length == 3 && parts[0].equals("plate") && PLATE_STATE.matcher(state).matches()
                    && PLATE.matcher(value).matches()) {
                return new EntityKey(EntityKind.PLATE, value, state);
            }
        }
        throw DirectoryException.Invalid.ignoredEntity(true, List.of(new Violation("key", "must be phone:<E.164> "
                + "(phone:+18135550100), vin:<11 to 17 letters and digits without I, O, Q> (vin:1HGCM82633A004352) "
                + "or plate:<ISO 3166-2 subdivision>:<1 to 15 letters and digits> (plate:US-FL:ABC123)")));
    }

    /**
     * The reason a body gives: {@code {"reason": "test number used in training"}}, a string of 1 to 500 characters
     * without control characters. A body that is not an object, or a reason that is not a string, is malformed
     * (400); a missing, blank or too long reason, or a field the entry does not have, breaks the rules (422). The
     * other fields of a GET's answer may be sent back and are ignored. Every offending field is named by its JSON
     * pointer.
     */
    public static String reason(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw DirectoryException.Invalid.ignoredEntity(true,
                    List.of(new Violation("", "a JSON body is required")));
        }
        if (!body.isObject()) {
            throw DirectoryException.Invalid.ignoredEntity(true, List.of(new Violation("",
                    "must be an object with the reason: {\"reason\": \"...\"}")));
        }
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isTextual()) {
            throw DirectoryException.Invalid.ignoredEntity(true, List.of(new Violation("/reason",
                    "must be a string")));
        }
        List<Violation> broken = new ArrayList<>();
        if (reason == null || reason.textValue().isBlank()) {
            broken.add(new Violation("/reason", "is required"));
        } else if (reason.textValue().codePointCount(0, reason.textValue().length()) > MAX_REASON) {
            broken.add(new Violation("/reason", "must be at most " + MAX_REASON + " characters"));
        } else if (reason.textValue().chars().anyMatch(Character::isISOControl)) {
            broken.add(new Violation("/reason", "must not contain control characters"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("reason") && !READ_ONLY.contains(name)) {
                broken.add(new Violation("/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not a field of an ignored entity; the body is {\"reason\": \"...\"}"));
            }
        }
        if (!broken.isEmpty()) {
            throw DirectoryException.Invalid.ignoredEntity(false, broken);
        }
        return reason.textValue();
    }
}
