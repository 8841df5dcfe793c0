package org.fusionexchange.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;
import java.util.UUID;

/** Case reports of about 1 KiB, each with its own external reference. */
final class ReportBodies {

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

    /** A report like {@link #single} that validation refuses (422): its jurisdiction code is malformed. */
    static String refusedByValidation() {
        return single("not-a-jurisdiction");
    }

    static String batch(int size, String jurisdiction) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            items.add(single(jurisdiction));
        }
        return items.toString();
    }
}
