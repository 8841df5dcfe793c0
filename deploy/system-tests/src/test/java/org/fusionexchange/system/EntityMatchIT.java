package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

/**
 * An entity match across the whole system (issue 17, section 2): TAMPA-PD and PHOENIX-PD file the same phone number
 * as their officers write it, in Florida's national form and in international form; intake-service normalises both
 * to one E.164 number, alert-service matches them, and each agency's analyst reads, through the API, only what the
 * other report's marking allows: the headline while it is AMBER, "contact the originator" once it is AMBER+STRICT,
 * and a Cancel with no content once one report is retracted.
 */
@ExtendWith(SystemStack.class)
class EntityMatchIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void tampaAndPhoenixLearnOfEachOthersReportAsTheMarkingAllowsUntilOneIsRetracted() {
        String digits = "813" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
        String national = national(digits);
        String international = "+1 " + digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
        String e164 = "+1" + digits;
        String tampaHeadline = "Trafficking stop on I-275, phone seized";
        String phoenixHeadline = "Courier arrested at Sky Harbor";
        String tampaId = ScenarioIT.submit("tampa.reporter", withPhone(Reports.report("TRAFFICKING", "US-FL-12057",
                "AMBER", List.of(), tampaHeadline, ""), national)).path("id");
        String phoenixBody = withPhone(Reports.report("DRUG_SEIZURE", "US-AZ-04013", "AMBER", List.of(),
                phoenixHeadline, ""), international);
        String phoenixId = ScenarioIT.submit("phoenix.reporter", phoenixBody).path("id");

        JsonNode toTampa = await("tampa.analyst", a -> e164.equals(a.path("match").path("value").asText())
                && a.path("msgType").asText().equals("Alert"));
        assertEquals("ENTITY_MATCH", toTampa.path("reason").asText());
        assertEquals("PHOENIX-PD", toTampa.path("originator").asText());
        assertTrue(toTampa.path("headline").asText().endsWith(phoenixHeadline), toTampa.toString());
        assertEquals(national, toTampa.path("match").path("yourEntity").asText(), "as Tampa's officer wrote it");
        assertEquals(tampaId, toTampa.path("match").path("yourReport").asText());
        assertEquals("AMBER", toTampa.path("marking").path("tlp").asText());
        assertFalse(toTampa.toString().contains(phoenixId), "Phoenix's report id");
        JsonNode toPhoenix = await("phoenix.analyst", a -> e164.equals(a.path("match").path("value").asText())
                && a.path("msgType").asText().equals("Alert"));
        assertEquals("TAMPA-PD", toPhoenix.path("originator").asText());
        assertTrue(toPhoenix.path("headline").asText().endsWith(tampaHeadline), toPhoenix.toString());
        assertEquals(international, toPhoenix.path("match").path("yourEntity").asText());
        assertFalse(toPhoenix.toString().contains(tampaId), "Tampa's report id");

        // Phoenix narrows its report to AMBER+STRICT: Tampa's side becomes "contact the originator"
        String etag = given().auth().oauth2(ScenarioIT.token("phoenix.reporter"))
                .get(SystemStack.url("intake-service") + "/api/v1/reports/" + phoenixId).then().statusCode(200)
                .extract().header("ETag");
        given().auth().oauth2(ScenarioIT.token("phoenix.reporter")).contentType(ContentType.JSON)
                .header("If-Match", etag).body(phoenixBody.replace("\"tlp\": \"AMBER\"", "\"tlp\": \"AMBER+STRICT\""))
                .put(SystemStack.url("intake-service") + "/api/v1/reports/" + phoenixId).then().statusCode(200);
        String tampaMatch = toTampa.path("match").path("id").asText();
        JsonNode contact = await("tampa.analyst", a -> tampaMatch.equals(a.path("match").path("id").asText())
                && a.path("msgType").asText().equals("Update"));
        assertTrue(contact.path("match").path("contactOriginator").asBoolean(), contact.toString());
        assertEquals("AMBER+STRICT", contact.path("marking").path("tlp").asText());
        assertEquals("PHOENIX-PD", contact.path("originator").asText());
        assertFalse(contact.toString().contains("Sky Harbor"), "Phoenix's headline after the narrowing: " + contact);
        String cap = given().auth().oauth2(ScenarioIT.token("tampa.analyst")).accept("application/cap+xml")
                .get(SystemStack.url("alert-service") + "/api/v1/alerts/" + contact.path("id").asText())
                .then().statusCode(200).extract().asString();
        assertTrue(cap.contains("<sender>fusion-exchange</sender>"), cap);
        assertFalse(cap.contains("Sky Harbor"), cap);

        // Tampa retracts its report: both sides are cancelled, with a reason and identifiers only
        given().auth().oauth2(ScenarioIT.token("tampa.reporter")).contentType(ContentType.JSON)
                .body("{\"reason\": \"Wrong case\"}")
                .post(SystemStack.url("intake-service") + "/api/v1/reports/" + tampaId + "/retraction")
                .then().statusCode(200);
        String phoenixMatch = toPhoenix.path("match").path("id").asText();
        for (Map.Entry<String, String> side : Map.of("tampa.analyst", tampaMatch, "phoenix.analyst", phoenixMatch)
                .entrySet()) {
            JsonNode cancel = await(side.getKey(), a -> side.getValue().equals(a.path("match").path("id").asText())
                    && a.path("msgType").asText().equals("Cancel"));
            assertEquals("RETRACTED", cancel.path("cancelReason").asText());
            for (String content : List.of("headline", "originator", "area", "marking", "topic")) {
                assertFalse(cancel.has(content), side.getKey() + "'s Cancel carries " + content + ": " + cancel);
            }
        }
    }

    /** Ten digits as a US officer writes them: (813) 555-0147. */
    static String national(String digits) {
        return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
    }

    /** The report body with one phone, written as given, in place of the usual one. */
    static String withPhone(String body, String number) {
        String replaced = body.replace("\"phones\": [{\"number\": \"+18135550123\"}]",
                "\"phones\": [{\"number\": \"" + number + "\"}]");
        assertFalse(replaced.equals(body), "the report body has no phone to replace");
        return replaced;
    }

    /** The analyst's first entity-match alert in the API that matches, waiting for it. */
    private static JsonNode await(String analyst, Predicate<JsonNode> wanted) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode items = given().auth().oauth2(ScenarioIT.token(analyst)).queryParam("topic", "entity-match")
                    .queryParam("size", 500).get(SystemStack.url("alert-service") + "/api/v1/alerts").then()
                    .statusCode(200).extract().as(JsonNode.class).path("items");
            Optional<JsonNode> found = java.util.stream.StreamSupport.stream(items.spliterator(), false)
                    .filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(analyst + " never read the expected entity-match alert in the API");
    }
}
