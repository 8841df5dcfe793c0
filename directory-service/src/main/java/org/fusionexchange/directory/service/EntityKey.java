package org.fusionexchange.directory.service;

/**
 * An entity value normalised as alert-service compares it, with its kind: a phone number in E.164, a VIN upper
 * case, or a plate upper case without spaces or dashes together with its issuing subdivision (plateState, null for
 * the other kinds). Made by {@link IgnoredEntityRules#key(String)}, which refuses anything else.
 */
public record EntityKey(EntityKind kind, String value, String plateState) {

    /** The key as the API and the topic name it: phone:+18135550100, vin:1HGCM82633A004352, plate:US-FL:ABC123. */
    public String key() {
        return kind.prefix() + ":" + (plateState == null ? "" : plateState + ":") + value;
    }

    @Override
    public String toString() {
        return key();
    }
}
