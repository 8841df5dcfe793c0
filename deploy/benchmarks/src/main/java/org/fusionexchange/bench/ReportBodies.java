package org.fusionexchange.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;
import java.util.UUID;

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

    private ReportBodies() {
    }

    static String single(String jurisdiction) {
        return """
                {"externalRef":"BENCH-%s","type":"OVERDOSE","occurredAt":"%s","jurisdiction":"%s",
                 "location":{"lat":27.9506,"lon":-82.4572},
                 "headline":"Non-fatal overdose, suspected fentanyl-laced pills",
                 "narrative":"Officers responded to a report of an unresponsive adult male at a residence. Naloxone was administered on scene by the first officer; the subject was revived and transported to the hospital. Pills stamped M30 were found nearby and field-tested positive for fentanyl. Neighbours reported frequent short visits to the address over the last week. %s",
                 "entities":{"persons":[{"name":"John Doe","dateOfBirth":"1990-04-12","role":"VICTIM"}],
                  "vehicles":[{"plate":"ABC1234","plateState":"FL","make":"Toyota","model":"Camry","color":"Blue"}],
                  "phones":[{"number":"+18135550123"}],
                  "substances":[{"name":"fentanyl","quantity":12,"unit":"PILLS","form":"PILL"}]},
                 "overdose":{"fatal":false,"naloxoneAdministered":true},
                 "severity":"Severe","marking":{"tlp":"AMBER","recipients":[]}}
                """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
                jurisdiction, "x".repeat(120));
    }

    static byte[] singleBytes(String jurisdiction) {
        return single(jurisdiction).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] batch(int size, String jurisdiction) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            items.add(single(jurisdiction));
        }
        return items.toString().getBytes(StandardCharsets.UTF_8);
    }
}
