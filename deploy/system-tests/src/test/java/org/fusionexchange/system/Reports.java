package org.fusionexchange.system;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Case report bodies as an agency system would send them (intake-service contract). */
final class Reports {

    private Reports() {
    }

    static String overdose(String jurisdiction, String tlp, List<String> recipients, String headline) {
        return report("OVERDOSE", jurisdiction, tlp, recipients, headline,
                "\"overdose\": {\"fatal\": false, \"naloxoneAdministered\": true},");
    }

    static String report(String type, String jurisdiction, String tlp, List<String> recipients, String headline,
            String extra) {
        String recipientList = recipients.isEmpty() ? "[]"
                : "[\"" + String.join("\", \"", recipients) + "\"]";
        return """
                {
                  "externalRef": "SYS-%s",
                  "type": "%s",
                  "occurredAt": "%s",
                  "jurisdiction": "%s",
                  "location": {"lat": 27.9506, "lon": -82.4572},
                  "headline": "%s",
                  "narrative": "System test report. Subject found unresponsive; naloxone given.",
                  "entities": {
                    "persons": [{"name": "John Doe", "dateOfBirth": "1990-04-12", "role": "VICTIM"}],
                    "vehicles": [{"plate": "ABC1234", "plateState": "FL"}],
                    "phones": [{"number": "+18135550123"}],
                    "substances": [{"name": "fentanyl", "quantity": 12, "unit": "PILLS", "form": "PILL"}]
                  },
                  %s
                  "severity": "Severe",
                  "marking": {"tlp": "%s", "recipients": %s}
                }
                """.formatted(UUID.randomUUID().toString().substring(0, 18), type,
                Instant.now().minus(30, ChronoUnit.MINUTES), jurisdiction, headline, extra, tlp, recipientList);
    }
}
