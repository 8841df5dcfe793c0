package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Each analyst sees only their own agency's alerts; bad parameters and every refusal are problems. */
@QuarkusTest
class AlertAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void anAnalystSeesOnlyTheirAgencysAlertsAndAnotherAgencysIsNotFound() {
        UUID reportId = routedReport();
        String hcso = Tokens.of(stack, "hcso.analyst");
        String hcsoAlert = alertOf(reportId, "HCSO");
        String deaAlert = alertOf(reportId, "DEA");

        given().auth().oauth2(hcso).queryParam("size", 500)
                .when().get("/api/v1/alerts")
                .then().statusCode(200)
                .body("items.recipient", everyItem(equalTo("HCSO")))
                .body("items.id", hasItem(hcsoAlert))
                .body("items.id", not(hasItem(deaAlert)));
        given().auth().oauth2(hcso)
                .when().get("/api/v1/alerts/" + hcsoAlert)
                .then().statusCode(200)
                .body("recipient", equalTo("HCSO")).body("reason", equalTo("JURISDICTION"))
                .body("msgType", equalTo("Alert")).body("status", equalTo("Actual"))
                .body("severity", equalTo("Severe")).body("area.jurisdiction", equalTo("US-FL-12057"))
                .body("area.point.lat", equalTo(27.9506f)).body("topic", equalTo("overdose"));
        given().auth().oauth2(hcso)
                .when().get("/api/v1/alerts/" + deaAlert)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.of(stack, "tucson.analyst")).queryParam("size", 500)
                .when().get("/api/v1/alerts")
                .then().statusCode(200)
                .body("items.reportId", not(hasItem(reportId.toString())));
    }

    @Test
    void acknowledgingRecordsWhoAndWhenOnceAndFiltersByStatus() {
        UUID reportId = routedReport();
        String token = Tokens.of(stack, "fl.analyst");
        String alert = alertOf(reportId, "FL-FUSION");
        String subject = Tokens.claims(token).path("sub").asText();

        String at = given().auth().oauth2(token)
                .when().post("/api/v1/alerts/" + alert + "/acknowledgement")
                .then().statusCode(200)
                .body("acknowledgement.by", equalTo(subject))
                .body("acknowledgement.at", notNullValue())
                .extract().path("acknowledgement.at");
        given().auth().oauth2(token)
                .when().post("/api/v1/alerts/" + alert + "/acknowledgement")
                .then().statusCode(200).body("acknowledgement.at", equalTo(at));
        given().auth().oauth2(token).queryParam("status", "acknowledged").queryParam("size", 500)
                .when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.id", hasItem(alert));
        given().auth().oauth2(token).queryParam("status", "new").queryParam("size", 500)
                .when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.id", not(hasItem(alert)));
        given().auth().oauth2(Tokens.of(stack, "dea.analyst"))
                .when().post("/api/v1/alerts/" + alert + "/acknowledgement")
                .then().statusCode(404);
    }

    @Test
    void theListIsNewestFirstPaginatedAndFilteredBySince() {
        Instant before = Instant.now().minusSeconds(1);
        UUID reportId = routedReport();
        String token = Tokens.of(stack, "dea.analyst");
        List<Integer> seqs = given().auth().oauth2(token).queryParam("since", before.toString())
                .queryParam("size", 1)
                .when().get("/api/v1/alerts")
                .then().statusCode(200)
                .header("Cache-Control", "no-store") // alerts are kept by no browser or proxy
                .body("size", equalTo(1)).body("items.size()", equalTo(1))
                .extract().path("items.seq");
        given().auth().oauth2(token).queryParam("since", Instant.now().plusSeconds(3600).toString())
                .when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.size()", equalTo(0)).body("next", nullValue());
        List<Integer> all = given().auth().oauth2(token).queryParam("size", 500)
                .when().get("/api/v1/alerts").then().statusCode(200).extract().path("items.seq");
        assertEquals(all.stream().sorted((a, b) -> b - a).toList(), all);
        assertEquals(all.get(0), seqs.get(0));
        given().auth().oauth2(token).queryParam("size", 500).queryParam("page", 1)
                .when().get("/api/v1/alerts").then().statusCode(200).body("page", equalTo(1));
        assertEquals(reportId.toString(), given().auth().oauth2(token).queryParam("size", 1)
                .when().get("/api/v1/alerts").then().extract().path("items[0].reportId"));
    }

    @Test
    void malformedParametersGetOneErrorEach() {
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst"))
                .queryParam("topic", "gossip").queryParam("since", "yesterday").queryParam("status", "old")
                .queryParam("page", "-1").queryParam("size", "9999")
                .when().get("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.pointer", containsInAnyOrder("topic", "since", "status", "page", "size"));
        // Instant reads these; the last is past PostgreSQL's timestamps, whose error was a 500
        for (String since : new String[] { "-0001-01-01T00:00:00Z", "+294277-01-02T00:00:00Z" }) {
            given().auth().oauth2(Tokens.of(stack, "hcso.analyst")).queryParam("since", since)
                    .when().get("/api/v1/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", containsInAnyOrder("since"));
        }
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst"))
                .when().get("/api/v1/alerts/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("id"));
    }

    @Test
    void refusals() {
        for (String path : List.of("/api/v1/alerts", "/api/v1/subscriptions", "/api/v1/topics",
                "/api/v1/alerts/" + UUID.randomUUID())) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(Tokens.of(stack, "tampa.reporter"))
                    .when().get(path).then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(Tokens.fromAnotherIssuer()).when().get(path).then().statusCode(401);
        }
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter"))
                .when().post("/api/v1/alerts/" + UUID.randomUUID() + "/acknowledgement")
                .then().statusCode(403);
    }

    /** A genuine token of the realm, but issued for another audience (Keycloak's admin API): 401, no call out. */
    @Test
    void aTokenWithoutTheExchangeAudienceIsUnauthorized() {
        String token = Tokens.withoutExchangeAudience(stack);
        assertThat(Tokens.claims(token).path("aud").toString(), not(containsString("fusion-exchange")));
        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/stream")) {
            given().auth().oauth2(token)
                    .when().get(path)
                    .then().statusCode(401)
                    .contentType("application/problem+json");
        }
        assertThat(Tokens.claims(Tokens.of(stack, "hcso.analyst")).path("aud").toString(),
                containsString("fusion-exchange"));
    }

    @Test
    void aSuspendedAgencysTokenIsForbiddenWhileStillValid() {
        String token = Tokens.of(stack, "pcso.analyst");
        given().auth().oauth2(token).when().get("/api/v1/alerts").then().statusCode(200);

        Exchange.send(stack, "directory.agencies", DemoDirectory.message("PCSO", "LOCAL", List.of("US-FL-12103"),
                List.of(), "SUSPENDED", 2));
        // refused within 5 s of the directory's snapshot, with the token issued before the suspension
        Exchange.await("PCSO refused", Duration.ofSeconds(5),
                () -> given().auth().oauth2(token).when().get("/api/v1/alerts").then().extract().statusCode() == 403);

        for (String path : List.of("/api/v1/alerts", "/api/v1/subscriptions", "/api/v1/topics",
                "/api/v1/alerts/stream")) {
            given().auth().oauth2(token).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", equalTo("The agency PCSO is suspended."));
        }
    }

    /** A TAMPA-PD overdose in Hillsborough, routed to HCSO, FL-FUSION, DEA and TAMPA-BAY-TF. */
    private UUID routedReport() {
        return Exchange.routedOverdose(stack, alerts, WAIT);
    }

    private String alertOf(UUID reportId, String recipient) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.forReport(reportId).stream()
                .filter(a -> a.recipient.equals(recipient)).findFirst().orElseThrow().id.toString());
    }
}
