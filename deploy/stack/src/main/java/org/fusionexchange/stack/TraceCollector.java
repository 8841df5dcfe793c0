package org.fusionexchange.stack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * A minimal OpenTelemetry collector for tests and the benchmark: receives OTLP over HTTP with protobuf
 * ({@code POST /v1/traces}), as the services export it with {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=
 * http/protobuf}, and keeps every span in memory for the caller to look at. Nothing is forwarded.
 */
public final class TraceCollector implements AutoCloseable {

    /** A span as received: ids in lower-case hex, the parent empty for a root span, times in epoch nanoseconds. */
    public record Span(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
            long startNanos, long endNanos, Map<String, String> attributes, boolean error) {

        public Duration duration() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final List<Span> spans = new ArrayList<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    /** Starts a collector on a free loopback port. */
    public static TraceCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TraceCollector collector = new TraceCollector(server);
            server.createContext("/v1/traces", collector::receive);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "trace-collector");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return collector;
        } catch (IOException e) {
            throw new StackException("The trace collector could not start", e);
        }
    }

    /** The base URL to export to: {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * What a service needs to export its spans here, as environment variables: tracing on, OTLP over HTTP with
     * protobuf to this collector, exported every 100 ms, and {@code sampleRatio} for requests that come without a
     * sampled traceparent of their own.
     */
    public Map<String, String> serviceEnvironment(double sampleRatio) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : serviceSettings(sampleRatio).entrySet()) {
            env.put(setting.getKey().toUpperCase().replace('.', '_').replace('-', '_'), setting.getValue());
        }
        return env;
    }

    /** {@link #serviceEnvironment} as configuration properties, for a service started in a test's JVM. */
    public Map<String, String> serviceSettings(double sampleRatio) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.otel.sdk.disabled", "false");
        settings.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint());
        settings.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        settings.put("quarkus.otel.bsp.schedule.delay", "100ms");
        settings.put("quarkus.otel.traces.sampler.arg", Double.toString(sampleRatio));
        return settings;
    }

    /** Every span received so far, in the order received. */
    public synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    public List<Span> trace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Waits until a span matches, and answers it; fails after {@code timeout}. */
    public Span await(Predicate<Span> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Span span : spans) {
                    if (matching.test(span)) {
                        return span;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No span as expected within " + timeout + "; received: " + spans.stream()
                            .map(s -> s.service() + "/" + s.name()).toList());
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while waiting for a span", e);
                }
            }
        }
    }

    public synchronized void clear() {
        spans.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            List<Span> received = read(ExportTraceServiceRequest.parseFrom(body));
            synchronized (this) {
                spans.addAll(received);
                notifyAll();
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private static List<Span> read(ExportTraceServiceRequest request) {
        List<Span> read = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = text(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    read.add(new Span(service, hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(), span.getKind().name(),
                            span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            text(span.getAttributesList()),
                            span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR));
                }
            }
        }
        return read;
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            text.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.toString();
            });
        }
        return text;
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
