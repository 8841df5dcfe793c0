package org.fusionexchange.alert.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.TraceCollector;
import org.fusionexchange.stack.TraceCollector.Span;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A case-reports record that carries a sampled traceparent, as intake-service publishes a traced request's report,
 * followed through routing, numbering and each SSE delivery, with tracing on and exported over OTLP to a real
 * collector. Per recipient: which span its alert's record carries, and which span its stream's delivery is.
 */
@QuarkusTest
@TestProfile(AlertTracingTest.Traced.class)
class AlertTracingTest {

    static final TraceCollector COLLECTOR = TraceCollector.start();

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return COLLECTOR.serviceSettings(0.0);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The recipients of the contract's overdose example (DOMAIN.md): four agencies, each with its own alert. */
    private static final Set<String> RECIPIENTS = Set.of("HCSO", "FL-FUSION", "DEA", "TAMPA-BAY-TF");

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void aTracedReportIsFollowedToEachRecipientsAlertAndToEachStreamThatDeliversIt() throws Exception {
        String traceId = randomHex(16);
        String sendSpan = randomHex(8);
        UUID reportId = UUID.randomUUID();
        long hcsoSeq;
        long taskForceSeq;
        try (SseClient hcso = SseClient.open(stream, Tokens.of(stack, "hcso.analyst"), Map.of());
                SseClient taskForce = SseClient.open(stream, Tokens.of(stack, "tampabay.analyst"), Map.of())) {
            hcso.nextComment(WAIT);
            taskForce.nextComment(WAIT);
            Exchange.send(stack, "case-reports", traced(Exchange.report("overdose-tampa-submitted.json", reportId),
                    "00-" + traceId + "-" + sendSpan + "-01"));
            hcsoSeq = Long.parseLong(hcso.nextEvent(WAIT).id());
            taskForceSeq = Long.parseLong(taskForce.nextEvent(WAIT).id());
        }

        Span route = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.name().equals("route case-report"), WAIT);
        assertEquals("alert-service", route.service());
        assertEquals(sendSpan, route.parentSpanId(), "routing goes on from intake-service's send span");
        assertEquals("SPAN_KIND_CONSUMER", route.kind());
        assertEquals(reportId.toString(), route.attribute("fusion.report.id"));
        assertEquals("case-reports", route.attribute("messaging.destination.name"));
        assertEquals("4", route.attribute("fusion.alerts"));

        // what each recipient's alert record carries: the routing span, in the same trace (alerts are written in
        // routing's transaction; nothing in between has a span of its own)
        List<Exchange.Published> records = Exchange.alertsOfReport(stack, reportId, 4, WAIT);
        assertEquals(RECIPIENTS, records.stream().map(Exchange.Published::key).collect(Collectors.toSet()));
        for (Exchange.Published record : records) {
            assertEquals("00-" + traceId + "-" + route.spanId() + "-01", record.headers().get("traceparent"),
                    record.key());
        }

        // each open stream's delivery, child of the routing span, with the number its stream sent; none for
        // recipients nobody listened to
        Span hcsoDelivery = delivery(traceId, "HCSO");
        Span taskForceDelivery = delivery(traceId, "TAMPA-BAY-TF");
        assertEquals(route.spanId(), hcsoDelivery.parentSpanId());
        assertEquals(Long.toString(hcsoSeq), hcsoDelivery.attribute("fusion.alert.seq"));
        assertEquals(route.spanId(), taskForceDelivery.parentSpanId());
        assertEquals(Long.toString(taskForceSeq), taskForceDelivery.attribute("fusion.alert.seq"));
        assertEquals(Set.of("route case-report", "deliver alert"), COLLECTOR.trace(traceId).stream()
                .map(Span::name).collect(Collectors.toSet()), "no other span of alert-service in the trace");
        assertNull(hcsoDelivery.attribute("fusion.delivery.not-sent"));
        assertFalse(hcsoDelivery.error());
        Thread.sleep(500);
        assertEquals(2, COLLECTOR.trace(traceId).stream().filter(s -> s.name().equals("deliver alert")).count(),
                "FL-FUSION and DEA had no stream open");
    }

    @Test
    void aReportWithoutASampledTraceMakesNoSpanAndItsAlertsCarryNoTraceparent() {
        UUID withoutHeader = UUID.randomUUID();
        UUID unsampled = UUID.randomUUID();
        String unsampledTrace = randomHex(16);
        Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", withoutHeader),
                traced(Exchange.report("overdose-tampa-submitted.json", unsampled),
                        "00-" + unsampledTrace + "-" + randomHex(8) + "-00"));
        // a traced report on the same partition after both (same key order is not needed: its spans come later)
        UUID sentinel = UUID.randomUUID();
        String sentinelTrace = randomHex(16);
        Exchange.send(stack, "case-reports", traced(Exchange.report("overdose-tampa-submitted.json", sentinel),
                "00-" + sentinelTrace + "-" + randomHex(8) + "-01"));

        for (UUID reportId : List.of(withoutHeader, unsampled)) {
            List<Exchange.Published> records = Exchange.alertsOfReport(stack, reportId, 4, WAIT);
            assertEquals(4, records.size());
            records.forEach(r -> assertNull(r.headers().get("traceparent"), r.key()));
            assertTrue(records.stream().allMatch(r -> r.headers().containsKey("ce_id")), "the other headers stay");
        }
        Exchange.alertsOfReport(stack, sentinel, 4, WAIT);
        COLLECTOR.await(s -> s.traceId().equals(sentinelTrace) && s.name().equals("route case-report"), WAIT);
        assertTrue(COLLECTOR.trace(unsampledTrace).isEmpty(), "the caller's decision not to sample is kept");
        assertTrue(COLLECTOR.spans().stream().noneMatch(s -> withoutHeader.toString().equals(
                s.attribute("fusion.report.id")) || unsampled.toString().equals(s.attribute("fusion.report.id"))));
    }

    private static Span delivery(String traceId, String recipient) {
        return COLLECTOR.await(s -> s.traceId().equals(traceId) && s.name().equals("deliver alert")
                && recipient.equals(s.attribute("fusion.recipient")), WAIT);
    }

    private static ObjectNode traced(ObjectNode message, String traceparent) {
        ((ObjectNode) message.get("headers")).put("traceparent", traceparent);
        return message;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
