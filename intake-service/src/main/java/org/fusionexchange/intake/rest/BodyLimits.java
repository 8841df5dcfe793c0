package org.fusionexchange.intake.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a body announced (Content-Length) as over its endpoint's limit before reading it, with a 413 problem
 * rather than Vert.x's bare one. Bodies sent chunked are checked once read, by {@link RequestBodies}.
 */
@ApplicationScoped
public class BodyLimits {

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
            Problem problem = Problem.of("payload-too-large", "Payload Too Large", 413,
                    "The body has " + length + " bytes; at most " + max + " are accepted here.");
            try {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem));
            } catch (Exception e) {
                ctx.response().setStatusCode(413).end();
            }
        });
    }
}
