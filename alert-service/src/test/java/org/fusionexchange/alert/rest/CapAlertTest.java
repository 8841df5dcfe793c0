package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.repository.AlertEntity;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Alerts as OASIS CAP 1.2 XML over the real stack: content negotiation on GET /api/v1/alerts/{id} (JSON stays the
 * default, 406 for what cannot be produced, another agency's alert is 404 in XML too), and the SSE stream with
 * format=cap-xml, live and replayed; every document checked against the CAP 1.2 schema.
 */
@QuarkusTest
class CapAlertTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CAP = "application/cap+xml";
    private static final DateTimeFormatter CAP_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'").withZone(ZoneOffset.UTC);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @TestHTTPResource("/api/v1/alerts")
    URI alertsUri;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void jsonStaysTheDefaultAndCapXmlIsGivenWhenAsked() throws Exception {
        UUID report = Exchange.routedOverdose(stack, alerts, WAIT);
        AlertEntity hcso = of(report, "HCSO", MsgType.Alert);
        String token = Tokens.of(stack, "hcso.analyst");

        for (String accept : new String[] { "*/*", "application/json", "application/*",
                "application/json, application/cap+xml;q=0.5" }) {
            given().auth().oauth2(token).accept(accept).when().get("/api/v1/alerts/" + hcso.id)
                    .then().statusCode(200).contentType("application/json").body("id", equalTo(hcso.id.toString()))
                    .header("Vary", "Accept");
        }
        HttpResponse<String> noAccept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(alertsUri + "/" + hcso.id)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, noAccept.statusCode());
        assertTrue(noAccept.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));

        for (String accept : new String[] { CAP, "application/cap+xml, application/json;q=0.5" }) {
            Response xml = given().auth().oauth2(token).accept(accept).when().get("/api/v1/alerts/" + hcso.id)
                    .then().statusCode(200).contentType(startsWith(CAP)).extract().response();
            Document alert = CapSchema.valid(xml.asString());
            assertEquals(hcso.id.toString(), CapSchema.text(alert, "identifier"));
            assertEquals("fusion-exchange/TAMPA-PD", CapSchema.text(alert, "sender"));
            assertEquals("Alert", CapSchema.text(alert, "msgType"));
            assertEquals("TLP:AMBER", CapSchema.text(alert, "restriction"));
            assertEquals("Non-fatal overdose, suspected fentanyl-laced pills", CapSchema.text(alert,
                    "info/headline"));
            assertEquals("27.9506,-82.4572 0", CapSchema.text(alert, "info/area/circle"));
        }
    }

    @Test
    void anAcceptThatAllowsNeitherIsNotAcceptableAndAnotherAgencysAlertIsNotFoundInXmlToo() {
        UUID report = Exchange.routedOverdose(stack, alerts, WAIT);
        String token = Tokens.of(stack, "hcso.analyst");
        String own = of(report, "HCSO", MsgType.Alert).id.toString();
        for (String accept : new String[] { "application/xml", "text/html", "text/plain" }) {
            given().auth().oauth2(token).accept(accept).when().get("/api/v1/alerts/" + own)
                    .then().statusCode(406).contentType("application/problem+json").body("status", equalTo(406));
        }
        String dea = of(report, "DEA", MsgType.Alert).id.toString();
        given().auth().oauth2(token).accept(CAP).when().get("/api/v1/alerts/" + dea)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.of(stack, "dea.analyst")).accept(CAP).when().get("/api/v1/alerts/" + dea)
                .then().statusCode(200).contentType(startsWith(CAP));
    }

    @Test
    void anUpdateAndACancelReferToTheRecipientsEarlierAlertsAndTheCancelShowsNoContent() {
        UUID report = routedLifecycle();
        String token = Tokens.of(stack, "hcso.analyst");
        AlertEntity first = of(report, "HCSO", MsgType.Alert);
        AlertEntity update = of(report, "HCSO", MsgType.Update);
        AlertEntity cancel = of(report, "HCSO", MsgType.Cancel);

        Document updated = CapSchema.valid(xml(token, update.id));
        assertEquals("fusion-exchange/TAMPA-PD," + first.id + "," + capTime(first),
                CapSchema.text(updated, "references"));
        assertEquals("Non-fatal overdose, fentanyl pills confirmed by field test",
                CapSchema.text(updated, "info/headline"));

        String cancelXml = xml(token, cancel.id);
        Document cancelled = CapSchema.valid(cancelXml);
        assertEquals("Cancel", CapSchema.text(cancelled, "msgType"));
        assertEquals("fusion-exchange", CapSchema.text(cancelled, "sender"));
        assertEquals("RETRACTED", CapSchema.text(cancelled, "note"));
        assertEquals("fusion-exchange/TAMPA-PD," + first.id + "," + capTime(first) + " fusion-exchange/TAMPA-PD,"
                + update.id + "," + capTime(update), CapSchema.text(cancelled, "references"));
        assertTrue(CapSchema.texts(cancelled, "info").isEmpty(), cancelXml);
        assertFalse(cancelXml.contains("headline") || cancelXml.contains("area") || cancelXml.contains("US-FL")
                || cancelXml.contains("overdose,"), cancelXml);
    }

    @Test
    void theStreamInCapXmlSendsOneWellFormedDocumentPerAlertLiveAndReplayed() throws Exception {
        String token = Tokens.of(stack, "fl.analyst");
        UUID report = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", report);
        // a headline with a line break and markup: still one event, reassembled into the same text
        ((ObjectNode) submitted.get("value").get("report")).put("headline", "Two lines <b>&</b>\nsecond line");
        List<SseClient.Event> live = new ArrayList<>();
        try (SseClient client = SseClient.open(URI.create(stream + "?format=cap-xml"), token, Map.of())) {
            client.nextComment(WAIT);
            Exchange.send(stack, "case-reports", submitted,
                    Exchange.report("overdose-tampa-amended.json", report),
                    Exchange.report("overdose-tampa-retracted.json", report));
            while (live.size() < 3) {
                SseClient.Event event = client.nextEvent(WAIT);
                if (CapSchema.valid(event.data()) != null && event.data().contains(report.toString())) {
                    live.add(event);
                }
            }
        }
        List<AlertEntity> stored = ofRecipient(report, "FL-FUSION");
        assertEquals(3, stored.size());
        for (int i = 0; i < 3; i++) {
            SseClient.Event event = live.get(i);
            Document document = CapSchema.valid(event.data());
            assertEquals("alert", event.name());
            assertEquals(Long.toString(stored.get(i).seq), event.id(), "the id is the alert's seq");
            assertEquals(stored.get(i).id.toString(), CapSchema.text(document, "identifier"));
            assertEquals(stored.get(i).msgType.name(), CapSchema.text(document, "msgType"));
        }
        Document first = CapSchema.valid(live.get(0).data());
        assertEquals("Two lines <b>&</b>\nsecond line", CapSchema.text(first, "info/headline"));
        assertEquals(stored.get(0).id + "", CapSchema.text(CapSchema.valid(live.get(1).data()), "references")
                .split(",")[1], "the live Update refers to the Alert");
        assertNull(CapSchema.text(CapSchema.valid(live.get(2).data()), "info/headline"));

        // the same documents replayed after the event before the first
        try (SseClient client = SseClient.open(URI.create(stream + "?format=cap-xml"), token,
                Map.of("Last-Event-ID", Long.toString(stored.get(0).seq - 1)))) {
            for (int i = 0; i < 3; i++) {
                SseClient.Event event = client.nextEvent(WAIT);
                assertEquals(live.get(i).id(), event.id());
                assertEquals(live.get(i).data(), event.data(), "replayed as sent live");
            }
        }
        // and as GET answers it
        assertEquals(live.get(1).data(), xml(token, stored.get(1).id));
    }

    @Test
    void anUnknownFormatIsABadRequestNamingIt() throws Exception {
        String token = Tokens.of(stack, "hcso.analyst");
        for (String format : new String[] { "xml", "CAP-XML", "%20json" }) {
            HttpResponse<String> refused = SseClient.refused(URI.create(stream + "?format=" + format), token,
                    Map.of());
            assertEquals(400, refused.statusCode(), format);
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(refused.body().contains("\"pointer\":\"format\""), refused.body());
        }
        given().auth().oauth2(token).queryParam("format", "atom").when().get("/api/v1/alerts/stream")
                .then().statusCode(400).body("errors[0].pointer", equalTo("format"));
    }

    private String xml(String token, UUID id) {
        return given().auth().oauth2(token).accept(CAP).when().get("/api/v1/alerts/" + id)
                .then().statusCode(200).contentType(startsWith(CAP)).extract().asString();
    }

    /** TAMPA-PD's overdose submitted, amended and retracted: HCSO gets an Alert, an Update and a Cancel. */
    private UUID routedLifecycle() {
        UUID report = UUID.randomUUID();
        Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", report),
                Exchange.report("overdose-tampa-amended.json", report),
                Exchange.report("overdose-tampa-retracted.json", report));
        Exchange.await("the alerts of " + report, WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", report)) == 12);
        return report;
    }

    private AlertEntity of(UUID report, String recipient, MsgType type) {
        return ofRecipient(report, recipient).stream().filter(a -> a.msgType == type).findFirst().orElseThrow();
    }

    /** The recipient's alerts of the report, in seq order, once all three are stored. */
    private List<AlertEntity> ofRecipient(UUID report, String recipient) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.forReport(report).stream()
                .filter(a -> a.recipient.equals(recipient)).sorted((a, b) -> Long.compare(a.seq, b.seq)).toList());
    }

    private static String capTime(AlertEntity alert) {
        return CAP_TIME.format(alert.sentAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
