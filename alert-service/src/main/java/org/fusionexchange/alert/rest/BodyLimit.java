package org.fusionexchange.alert.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Refuses a body announced (Content-Length) as over {@link #MAX_BYTES} with a 413 problem, before it reaches
 * Jackson. The refused body is read and thrown away before the answer is sent, so that a client still sending it
 * reads the 413 rather than a connection reset; only a body over {@link #DRAIN_LIMIT} is answered at once, with
 * the connection closed. A chunked body is held to the same size by quarkus.http.limits.max-body-size.
 */
@ApplicationScoped
public class BodyLimit {

    /** The largest request body; also quarkus.http.limits.max-body-size. */
    public static final long MAX_BYTES = 64 * 1024;
    private static final long DRAIN_LIMIT = 16 * 1024 * 1024;

    private final String problem;

    public BodyLimit(ObjectMapper json) throws JsonProcessingException {
        this.problem = json.writeValueAsString(Problem.of("payload-too-large", "Payload Too Large", 413,
                "A request body may have at most " + MAX_BYTES + " bytes."));
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            long length = announcedLength(request);
            if (length <= MAX_BYTES) {
                ctx.next();
                return;
            }
            HttpServerResponse response = ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (length > DRAIN_LIMIT) {
                response.putHeader(HttpHeaders.CONNECTION, "close").end(problem);
                return;
            }
            request.handler(ignored -> {
            });
            request.end().onComplete(ignored -> response.end(problem));
            request.resume();
        });
    }

    private static long announcedLength(HttpServerRequest request) {
        String announced = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
