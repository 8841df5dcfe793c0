package org.fusionexchange.alert.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Goes on with the trace a record carries in its W3C {@code traceparent} header (docs/architecture.md, tracing):
 * intake-service's {@code send} span on case-reports, routing's span on the alerts it makes, numbering's span on
 * {@code alerts}. Each step's span is the child of the context its input record carries, and the context it passes
 * on in its output records' headers is its own.
 *
 * <p>Only sampled contexts are followed. A record without one (tracing off in intake-service, a request not
 * sampled, a spike or match alert, which no single request made) costs one header lookup: no span, no header.
 */
@ApplicationScoped
public class AlertTraces {

    /** The W3C Trace Context header, as intake-service writes it on case-reports. */
    public static final String TRACEPARENT = "traceparent";

    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    public static final AttributeKey<String> REPORT = AttributeKey.stringKey("fusion.report.id");
    public static final AttributeKey<String> RECIPIENT = AttributeKey.stringKey("fusion.recipient");
    public static final AttributeKey<String> ALERT = AttributeKey.stringKey("fusion.alert.id");
    public static final AttributeKey<Long> SEQ = AttributeKey.longKey("fusion.alert.seq");
    public static final AttributeKey<Long> ALERTS = AttributeKey.longKey("fusion.alerts");

    private static final TextMapGetter<Headers> FROM_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> TO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;

    public AlertTraces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.fusionexchange.alert");
    }

    /** The sampled context a record carries, or null (no header, a header not sampled or not readable). */
    public static Context parentOf(Headers headers) {
        if (headers.lastHeader(TRACEPARENT) == null) {
            return null;
        }
        Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, FROM_HEADERS);
        return Span.fromContext(context).getSpanContext().isSampled() ? context : null;
    }

    /** A span of work on a record from {@code topic}, child of the context the record carried; not started yet. */
    public SpanBuilder consuming(String name, Context parent, String topic, String key) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process").setAttribute(MESSAGE_KEY, key);
    }

    /** A span inside this service, child of {@code parent}; not started yet. */
    public SpanBuilder internal(String name, Context parent) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL);
    }

    /** Puts the span's context in the record's headers, in place of the one it came with. */
    public static void carry(Span span, Headers headers) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, TO_HEADERS);
    }
}
