package org.fusionexchange.bench;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.fusionexchange.stack.TraceCollector.Span;

/**
 * Where a traced report's time goes from its POST to each SSE delivery, read from the spans intake-service and
 * alert-service export (OpenTelemetry; tracing/ReportTraces and tracing/AlertTraces in the services). One sample per
 * segment and delivery; the services share the machine's clock.
 */
final class SpanBreakdown {

    private static final String REQUEST = "intake: POST to 201 (server span)";
    private static final String TO_SEND = "intake: 201 to the relay's send";
    private static final String ACK = "Kafka: send to acknowledged";
    private static final String TO_ROUTE = "send to routing";
    private static final String ROUTE = "alert: routing step";
    private static final String HOP = "alert: routed to the stream (routing's transaction, then the feed)";
    private static final String DELIVER = "alert: stream to the client's socket";

    private final Map<String, Latencies> segments = new LinkedHashMap<>();
    private int traces;
    private int incomplete;

    SpanBreakdown() {
        for (String segment : List.of(REQUEST, TO_SEND, ACK, TO_ROUTE, ROUTE, HOP, DELIVER)) {
            segments.put(segment, new Latencies());
        }
    }

    /** A new sampled W3C traceparent whose trace id is {@code traceId}. */
    static String traceparent(String traceId) {
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    static String newTraceId() {
        return hex(16);
    }

    /** The spans received, by trace id. */
    static Map<String, List<Span>> byTrace(List<Span> spans) {
        return spans.stream().collect(Collectors.groupingBy(Span::traceId));
    }

    /** Adds one report's trace: a sample of each segment for each of its deliveries. */
    void add(List<Span> spans) {
        traces++;
        Span request = first(spans, s -> s.kind().equals("SPAN_KIND_SERVER") && s.service().equals("intake-service"));
        Span send = first(spans, s -> s.name().equals("send case-reports"));
        Span route = first(spans, s -> s.name().equals("route case-report"));
        List<Span> deliveries = spans.stream().filter(s -> s.name().equals("deliver alert")
                && s.attribute("fusion.delivery.not-sent") == null).toList();
        if (request == null || send == null || route == null || deliveries.isEmpty()) {
            incomplete++;
            return;
        }
        for (Span delivery : deliveries) {
            segments.get(REQUEST).record(request.endNanos() - request.startNanos());
            segments.get(TO_SEND).record(send.startNanos() - request.endNanos());
            segments.get(ACK).record(send.endNanos() - send.startNanos());
            segments.get(TO_ROUTE).record(route.startNanos() - send.startNanos());
            segments.get(ROUTE).record(route.endNanos() - route.startNanos());
            segments.get(HOP).record(delivery.startNanos() - route.endNanos());
            segments.get(DELIVER).record(delivery.endNanos() - delivery.startNanos());
        }
    }

    /** One line: how many traces were complete, and each segment's p50 and p99 in ms. */
    String note() {
        StringBuilder note = new StringBuilder(String.format("spans of %d traced reports (%d incomplete), p50/p99 ms:",
                traces, incomplete));
        String separator = " ";
        for (Map.Entry<String, Latencies> segment : segments.entrySet()) {
            note.append(separator).append(String.format("%s %.1f/%.1f", segment.getKey(),
                    segment.getValue().millis(50), segment.getValue().millis(99)));
            separator = "; ";
        }
        return note.toString();
    }

    private static Span first(List<Span> spans, java.util.function.Predicate<Span> matching) {
        return spans.stream().filter(matching).findFirst().orElse(null);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
