package org.fusionexchange.intake.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.contract.CaseReportSchema;
import org.fusionexchange.intake.messaging.OutboxRelay;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.TraceCollector;
import org.fusionexchange.stack.TraceCollector.Span;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A report followed from its request to its record on case-reports, with tracing on and exported over OTLP to a real
 * collector ({@link TraceCollector}). The sample ratio is 0: only a request whose caller sent a sampled traceparent
 * is traced, so that the tests see what a sampled request carries and that an unsampled one carries nothing.
 */
@QuarkusTest
@TestProfile(ReportTracingTest.Traced.class)
class ReportTracingTest {

    static final TraceCollector COLLECTOR = TraceCollector.start();

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return COLLECTOR.serviceSettings(0.0);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aTracedReportIsPublishedInItsRequestsTrace() {
        String token = Tokens.of(stack, "tampa.reporter");
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        String id = submit(token, SampleReports.overdose(), "00-" + traceId + "-" + callerSpan + "-01");

        Span server = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.kind().equals("SPAN_KIND_SERVER"), WAIT);
        assertEquals("intake-service", server.service());
        assertEquals(callerSpan, server.parentSpanId(), "the request's span is the caller's child");
        Span send = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.name().equals("send case-reports"), WAIT);
        assertEquals(server.spanId(), send.parentSpanId(), "the send span is the request's child");
        assertEquals("SPAN_KIND_PRODUCER", send.kind());
        assertEquals(id, send.attribute("messaging.kafka.message.key"));
        assertEquals("kafka", send.attribute("messaging.system"));
        assertFalse(send.error());

        CaseReportsTopic.Message record = CaseReportsTopic.await(stack, List.of(id), 1, WAIT, Duration.ZERO).get(0);
        assertEquals("00-" + traceId + "-" + send.spanId() + "-01", record.headers().get("traceparent"),
                "alert-service goes on from the send span");
        assertEquals(record.value().path("eventId").asText(), send.attribute("messaging.message.id"));
        assertEquals(List.of(), CaseReportSchema.headerViolations(record.key(), record.headers(), record.value()));
    }

    @Test
    void anAmendmentIsPublishedInItsOwnRequestsTrace() {
        String token = Tokens.of(stack, "tampa.reporter");
        String id = SampleReports.submit(token, SampleReports.overdose());
        String traceId = randomHex(16);
        ObjectNode amended = SampleReports.overdose();
        amended.put("headline", "Amended under a trace");
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01").body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200);

        Span send = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.name().equals("send case-reports"), WAIT);
        List<CaseReportsTopic.Message> records = CaseReportsTopic.await(stack, List.of(id), 2, WAIT, Duration.ZERO);
        assertEquals(2, records.size());
        assertNull(records.get(0).headers().get("traceparent"), "v1 was not traced (sample ratio 0)");
        assertEquals("00-" + traceId + "-" + send.spanId() + "-01", records.get(1).headers().get("traceparent"));
    }

    @Test
    void anUnsampledReportStoresAndCarriesNoTrace() {
        String token = Tokens.of(stack, "tampa.reporter");
        String notSampled = randomHex(16);
        String withoutHeader = submit(token, SampleReports.overdose(), null);
        String unsampled = submit(token, SampleReports.overdose(), "00-" + notSampled + "-" + randomHex(8) + "-00");
        // a traced report after both: once its span is here, theirs would be too
        String sentinelTrace = randomHex(16);
        String sentinel = submit(token, SampleReports.overdose(), "00-" + sentinelTrace + "-" + randomHex(8) + "-01");
        COLLECTOR.await(s -> s.traceId().equals(sentinelTrace) && s.name().equals("send case-reports"), WAIT);
        CaseReportsTopic.await(stack, List.of(sentinel), 1, WAIT, Duration.ZERO);

        for (CaseReportsTopic.Message record : CaseReportsTopic.await(stack, List.of(withoutHeader, unsampled), 2,
                WAIT, Duration.ZERO)) {
            assertNull(record.headers().get("traceparent"), record.key());
        }
        assertTrue(COLLECTOR.trace(notSampled).isEmpty(), "a caller's unsampled decision is kept");
        Set<String> untraced = Set.of(withoutHeader, unsampled);
        assertTrue(COLLECTOR.spans().stream().map(s -> s.attribute("messaging.kafka.message.key"))
                .noneMatch(key -> key != null && untraced.contains(key)), "no span names either report");
    }

    @Test
    void aTracedReportStoredWhileTheRelayWasStoppedIsSentInItsTraceAfterwards() {
        String token = Tokens.of(stack, "tampa.reporter");
        String traceId = randomHex(16);
        String id;
        relay.stop();
        try {
            id = submit(token, SampleReports.overdose(), "00-" + traceId + "-" + randomHex(8) + "-01");
            Span server = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.kind().equals("SPAN_KIND_SERVER"),
                    WAIT);
            String stored = QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(10_000).stream()
                    .filter(row -> row.reportId().equals(UUID.fromString(id))).findFirst().orElseThrow()
                    .traceParent());
            assertEquals("00-" + traceId + "-" + server.spanId() + "-01", stored,
                    "the outbox row keeps the request's context for the relay");
        } finally {
            relay.start();
        }
        Span send = COLLECTOR.await(s -> s.traceId().equals(traceId) && s.name().equals("send case-reports"), WAIT);
        CaseReportsTopic.Message record = CaseReportsTopic.await(stack, List.of(id), 1, WAIT, Duration.ZERO).get(0);
        assertEquals("00-" + traceId + "-" + send.spanId() + "-01", record.headers().get("traceparent"));
    }

    private static String submit(String token, ObjectNode report, String traceparent) {
        var request = given().auth().oauth2(token).contentType("application/json").body(report.toString());
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.when().post("/api/v1/reports").then().statusCode(201).extract().path("id");
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
