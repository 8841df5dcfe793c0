package org.fusionexchange.intake.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Follows a report from its request to Kafka (docs/architecture.md, tracing). The request's server span (made by
 * Quarkus) is the parent; its W3C {@code traceparent} is stored with the event in its outbox row, so that the relay,
 * on another thread and possibly after a restart, publishes the record under a {@code send} span of the same trace
 * and passes that span on in the record's {@code traceparent} header, where alert-service picks the trace up.
 *
 * <p>Only sampled traces are stored and passed on. With tracing off (the default) or a request not sampled, nothing
 * is stored, no span is made and no header is added: the cost is one look at the current span.
 */
@ApplicationScoped
public class ReportTraces {

    /** The W3C Trace Context header, on HTTP requests and on Kafka records alike. */
    public static final String TRACEPARENT = "traceparent";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("messaging.message.id");

    private static final TextMapGetter<String> FROM_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private static final TextMapSetter<Headers> TO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;

    public ReportTraces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.fusionexchange.intake");
    }

    /** The current span's {@code traceparent} when it is sampled (a request's server span), else null. */
    public static String currentParent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid() || !span.isSampled()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * Starts the {@code send} span of an event's record, child of the stored {@code traceparent}, and puts the span's
     * own context in the record's headers; answers an invalid span (nothing to end) when there is no stored parent.
     */
    public Span sending(ProducerRecord<String, byte[]> record, String storedParent, String eventId) {
        if (storedParent == null) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), storedParent,
                FROM_TRACEPARENT);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder("send " + record.topic()).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION, "send").setAttribute(MESSAGE_KEY, record.key())
                .setAttribute(EVENT_ID, eventId).startSpan();
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), record.headers(), TO_HEADERS);
        return span;
    }

    /** Ends a send span: Kafka acknowledged the record, or refused it ({@code failure} not null). */
    public static void sent(Span span, Throwable failure) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage());
        }
        span.end();
    }
}
