package org.fusionexchange.intake.mapping;

import org.fusionexchange.intake.normalize.PhoneNumbers;
import org.fusionexchange.intake.normalize.Plates;
import org.fusionexchange.intake.normalize.Vins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The normalised form of a report's entities, beside what was written, for the case-reports event only: each phone
 * gains {@code e164}, each vehicle {@code normalized} ({@code plate}, {@code plateState}, {@code vin},
 * {@code vinCheck}). The stored version and every read path keep what the agency wrote.
 *
 * <p>Computed when the event is made, from the stored body, so that a version stored before normalisation existed
 * (or still in the outbox across the upgrade) is published with it too, by the same rules. A number such a version
 * holds that libphonenumber cannot read as a possible full number (the E.164 rule of old let {@code +12} through)
 * gets {@code e164: null}: it matches nothing.
 */
public final class NormalisedEntities {

    private NormalisedEntities() {
    }

    /** Adds the normalised forms to a report snapshot (the event's {@code report}), in place. */
    public static void addTo(ObjectNode report) {
        JsonNode entities = report.get("entities");
        if (entities == null || !entities.isObject()) {
            return;
        }
        String jurisdiction = report.path("jurisdiction").textValue();
        for (JsonNode phone : entities.path("phones")) {
            if (phone instanceof ObjectNode object) {
                object.put("e164", PhoneNumbers.e164(phone.path("number").textValue(), jurisdiction));
            }
        }
        for (JsonNode vehicle : entities.path("vehicles")) {
            if (vehicle instanceof ObjectNode object) {
                object.set("normalized", vehicle(object));
            }
        }
    }

    private static ObjectNode vehicle(ObjectNode vehicle) {
        String plate = vehicle.path("plate").textValue();
        String vin = vehicle.path("vin").textValue();
        ObjectNode normalized = vehicle.objectNode();
        normalized.put("plate", Plates.normalize(plate));
        normalized.put("plateState", Plates.normalizeState(vehicle.path("plateState").textValue()));
        normalized.put("vin", Vins.normalize(vin));
        normalized.put("vinCheck", vin == null ? null : Vins.check(vin).name());
        return normalized;
    }
}
