package org.fusionexchange.alert.rest;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code errors} has one entry per offending field, each located by a JSON pointer.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, URI instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** At most this many field errors are listed; a request with more gets the first ones. */
    public static final int MAX_ERRORS = 100;
    private static final String TYPE_BASE = "https://fusion-exchange.org/problems/";

    /** One offending field: where it is (JSON pointer, or the parameter name) and what is wrong with it. */
    public record FieldError(String pointer, String detail) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance,
                List.copyOf(fieldErrors.subList(0, Math.min(fieldErrors.size(), MAX_ERRORS))));
    }

    public Problem at(URI requestUri) {
        return new Problem(type, title, status, detail, requestUri, errors);
    }
}
