package org.fusionexchange.alert.service;

import java.util.Arrays;

/** Traffic Light Protocol 2.0 handling markings, as they appear on the wire. */
public enum Tlp {
    CLEAR("CLEAR"), GREEN("GREEN"), AMBER("AMBER"), AMBER_STRICT("AMBER+STRICT"), RED("RED");

    private final String wire;

    Tlp(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A report without a marking is TLP:AMBER; an unknown marking is treated as the most restrictive, RED. */
    public static Tlp fromWire(String value) {
        if (value == null || value.isBlank()) {
            return AMBER;
        }
        String normalized = value.trim().toUpperCase().replace("TLP:", "");
        return Arrays.stream(values()).filter(t -> t.wire.equals(normalized)).findFirst().orElse(RED);
    }
}
