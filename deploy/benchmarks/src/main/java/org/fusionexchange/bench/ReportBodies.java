package org.fusionexchange.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Case reports of about 1 KiB, each with its own external reference: a non-fatal overdose, TLP:AMBER, in the
 * jurisdiction given. From TAMPA-PD in US-FL-12057 it reaches HCSO, FL-FUSION and DEA (jurisdiction) and
 * TAMPA-BAY-TF (task force), as DOMAIN.md's worked example says.
 */
final class ReportBodies {

    /** Hillsborough County, FL: the worked example's county. */
    static final String TAMPA = "US-FL-12057";
    /** Maricopa County, AZ: from PHOENIX-PD it reaches AZ-DPS and DEA only (SW-BORDER-TF has no OVERDOSE focus). */
    static final String PHOENIX = "US-AZ-04013";

    /** The phone and vehicle of a report, as alert-service's entity matching sees them. */
    enum Entities {
        /** One phone and one plate in every report: after 50 reports a common value, which starts no match. */
        SHARED,
        /** A phone and a plate of its own in every report of the run: no value is common, and each is stored. */
        DISTINCT,
        /** No phone and no vehicle: nothing to match. */
        NONE
    }

    /** Numbers the distinct phones and plates across the run (NANP subscriber numbers 200-0000 to 999-9999). */
    private static final AtomicLong DISTINCT_VALUES = new AtomicLong(2_000_000);

    private ReportBodies() {
    }

    static String single(String jurisdiction) {
        return single(jurisdiction, Entities.SHARED);
    }

    static String single(String jurisdiction, Entities entities) {
        return """
                {"externalRef":"BENCH-%s","type":"OVERDOSE","occurredAt":"%s","jurisdiction":"%s",
                 "location":{"lat":27.9506,"lon":-82.4572},
                 "headline":"Non-fatal overdose, suspected fentanyl-laced pills",
                 "narrative":"Officers responded to a report of an unresponsive adult male at a residence. Naloxone was administered on scene by the first officer; the subject was revived and transported to the hospital. Pills stamped M30 were found nearby and field-tested positive for fentanyl. Neighbours reported frequent short visits to the address over the last week. %s",
                 "entities":{"persons":[{"name":"John Doe","dateOfBirth":"1990-04-12","role":"VICTIM"}],%s
                  "substances":[{"name":"fentanyl","quantity":12,"unit":"PILLS","form":"PILL"}]},
                 "overdose":{"fatal":false,"naloxoneAdministered":true},
                 "severity":"Severe","marking":{"tlp":"AMBER","recipients":[]}}
                """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
                jurisdiction, "x".repeat(120), phoneAndVehicle(entities));
    }

    private static String phoneAndVehicle(Entities entities) {
        return switch (entities) {
            case SHARED -> phoneAndVehicle("ABC1234", "+18135550123");
            case DISTINCT -> {
                long n = DISTINCT_VALUES.getAndIncrement();
                yield phoneAndVehicle("BX" + n, "+1813" + n);
            }
            case NONE -> "";
        };
    }

    private static String phoneAndVehicle(String plate, String phone) {
        return """

                  "vehicles":[{"plate":"%s","plateState":"FL","make":"Toyota","model":"Camry","color":"Blue"}],
                  "phones":[{"number":"%s"}],""".formatted(plate, phone);
    }

    static byte[] singleBytes(String jurisdiction) {
        return single(jurisdiction).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] batch(int size, String jurisdiction) {
        return batch(size, jurisdiction, Entities.SHARED);
    }

    static byte[] batch(int size, String jurisdiction, Entities entities) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            items.add(single(jurisdiction, entities));
        }
        return items.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One report in each jurisdiction of the list, in its order. */
    static byte[] batch(List<String> jurisdictions) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        jurisdictions.forEach(j -> items.add(single(j)));
        return items.toString().getBytes(StandardCharsets.UTF_8);
    }
}
