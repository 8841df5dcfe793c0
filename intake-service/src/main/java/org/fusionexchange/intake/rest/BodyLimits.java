package org.fusionexchange.intake.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.fusionexchange.intake.security.VerifiedTokenCache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses a body announced (Content-Length) as over its endpoint's limit before parsing it, with a 413 problem
 * rather than Vert.x's bare one. The refused body is read and thrown away before the answer is sent, so that a
 * client still sending it reads the 413 rather than a connection reset; only a body over {@link #DRAIN_LIMIT} is
 * answered at once, with the connection closed. Bodies sent chunked are checked once read, by {@link RequestBodies}.
 *
 * <p>A body announced at {@value #READ_AHEAD_LIMIT} bytes or less, over HTTP/1.x, with a bearer token the
 * verified-token cache holds, is read on the event loop before the request reaches its (blocking) endpoint, which
 * then takes it from memory. Otherwise the worker thread reads the body itself, waking and waiting for the event loop
 * at every chunk: 7 to 9% of this service's CPU under single reports went to those hand-offs (deploy/bench/README.md).
 * A request whose token was never verified is not read ahead, so a client without a valid token cannot make the
 * service hold its body; the request is authenticated as any other afterwards.
 */
@ApplicationScoped
public class BodyLimits {

    private static final long DRAIN_LIMIT = 16 * 1024 * 1024;
    /** The largest body read ahead on the event loop: a single report's limit, and a batch of about a hundred. */
    static final long READ_AHEAD_LIMIT = RequestBodies.MAX_REPORT_BYTES;

    /** Reads the whole body into the routing context (no file uploads, no form parsing of JSON). */
    private final BodyHandler bodyReader = BodyHandler.create(false).setBodyLimit(READ_AHEAD_LIMIT);

    private final ObjectMapper json;
    private final VerifiedTokenCache verifiedTokens;
    private final Counter readAhead;

    public BodyLimits(ObjectMapper json, VerifiedTokenCache verifiedTokens, MeterRegistry registry) {
        this.json = json;
        this.verifiedTokens = verifiedTokens;
        this.readAhead = Counter.builder("intake.http.bodies.read.ahead")
                .description("Request bodies read on the event loop before their endpoint ran").register(registry);
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(ctx -> {
            long max = ctx.request().path().endsWith("/batch") ? RequestBodies.MAX_BATCH_BYTES
                    : RequestBodies.MAX_REPORT_BYTES;
            long length = announcedLength(ctx);
            if (length <= max) {
                ctx.next();
                return;
            }
            String problem;
            try {
                problem = json.writeValueAsString(Problem.of("payload-too-large", "Payload Too Large", 413,
                        "The body has " + length + " bytes; at most " + max + " are accepted here."));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            HttpServerResponse response = ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (length > DRAIN_LIMIT) {
                response.putHeader(HttpHeaders.CONNECTION, "close").end(problem);
                return;
            }
            HttpServerRequest request = ctx.request();
            request.handler(ignored -> {
            });
            request.end().onComplete(ignored -> response.end(problem));
            request.resume();
        });
        // after the filters (CORS, security), before the REST endpoints
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(ctx -> {
            long length = announcedLength(ctx);
            // HTTP/1.x only: over HTTP/2, Quarkus REST pauses the request when it takes it over, which an HTTP/2
            // request whose body was read refuses ("Request has already been read": a 500, found by HostileInputIT)
            if (length > 0 && length <= READ_AHEAD_LIMIT && ctx.request().version() != HttpVersion.HTTP_2
                    && verifiedTokens.holdsTokenOf(ctx)) {
                readAhead.increment();
                bodyReader.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** The Content-Length announced, or -1 when there is none or it is not a number. */
    private static long announcedLength(RoutingContext ctx) {
        String announced = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
