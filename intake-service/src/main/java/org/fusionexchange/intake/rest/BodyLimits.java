package org.fusionexchange.intake.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Refuses a body announced (Content-Length) as over its endpoint's limit before parsing it, with a 413 problem
 * rather than Vert.x's bare one. The refused body is read and thrown away before the answer is sent, so that a
 * client still sending it reads the 413 rather than a connection reset; only a body over {@link #DRAIN_LIMIT} is
 * answered at once, with the connection closed. Bodies sent chunked are checked once read, by {@link RequestBodies}.
 */
@ApplicationScoped
public class BodyLimits {

    private static final long DRAIN_LIMIT = 16 * 1024 * 1024;

    private final ObjectMapper json;

    public BodyLimits(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(ctx -> {
            String announced = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long max = ctx.request().path().endsWith("/batch") ? RequestBodies.MAX_BATCH_BYTES
                    : RequestBodies.MAX_REPORT_BYTES;
            long length;
            try {
                length = announced == null ? -1 : Long.parseLong(announced.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
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
    }
}
