package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fusionexchange.stack.TraceCollector;
import org.fusionexchange.stack.TraceCollector.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/**
 * One report followed from its POST to each SSE delivery, across the packaged services, with one trace: the
 * caller's span, intake-service's request and its send to case-reports, alert-service's routing, the numbering of
 * each recipient's alert, and the delivery on each open stream. Each span is the child of the one before it, which
 * is how the W3C traceparent travelled: an HTTP header, an outbox column, a case-reports header, a repartition
 * header, an alerts header.
 */
@ExtendWith(SystemStack.class)
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aReportIsFollowedFromItsPostToEachSseDelivery() {
        TraceCollector traces = SystemStack.traces();
        String traceId = hex(16);
        String callerSpan = hex(8);
        String alerts = SystemStack.url("alert-service") + "/api/v1/alerts/stream";
        String reportId;
        try (SseStream hcso = SseStream.open(alerts, ScenarioIT.token("hcso.analyst")).awaitOpen();
                SseStream dea = SseStream.open(alerts, ScenarioIT.token("dea.analyst")).awaitOpen()) {
            reportId = given().auth().oauth2(ScenarioIT.token("tampa.reporter")).contentType(ContentType.JSON)
                    .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .body(Reports.overdose("US-FL-12057", "AMBER", List.of(), "Traced overdose"))
                    .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                    .then().statusCode(201).extract().path("id");
            assertTrue(hcso.await(ScenarioIT.reportIs(reportId), WAIT).isPresent(), "HCSO's alert");
            assertTrue(dea.await(ScenarioIT.reportIs(reportId), WAIT).isPresent(), "DEA's alert");
        }

        Span request = traces.await(s -> s.traceId().equals(traceId) && s.kind().equals("SPAN_KIND_SERVER")
                && s.service().equals("intake-service"), WAIT);
        assertEquals(callerSpan, request.parentSpanId());
        Span send = traces.await(s -> s.traceId().equals(traceId) && s.name().equals("send case-reports"), WAIT);
        assertEquals(request.spanId(), send.parentSpanId());
        assertEquals(reportId, send.attribute("messaging.kafka.message.key"));
        Span route = traces.await(s -> s.traceId().equals(traceId) && s.name().equals("route case-report"), WAIT);
        assertEquals("alert-service", route.service());
        assertEquals(send.spanId(), route.parentSpanId());
        assertEquals(reportId, route.attribute("fusion.report.id"));
        for (String recipient : List.of("HCSO", "DEA")) {
            // the alerts leave in routing's transaction: each delivery is the routing span's child
            Span delivery = traces.await(s -> s.traceId().equals(traceId) && s.name().equals("deliver alert")
                    && recipient.equals(s.attribute("fusion.recipient")), WAIT);
            assertEquals(route.spanId(), delivery.parentSpanId(), recipient);
            assertTrue(Long.parseLong(delivery.attribute("fusion.alert.seq")) > 0, recipient + "'s number");
            assertTrue(delivery.startNanos() >= route.startNanos() && route.startNanos() >= send.startNanos()
                    && send.startNanos() >= request.startNanos(), "the hops in time order");
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
