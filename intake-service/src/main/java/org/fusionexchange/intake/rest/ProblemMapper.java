package org.fusionexchange.intake.rest;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.fusionexchange.intake.service.ReportRefused;
import org.fusionexchange.intake.service.ReportRejected;
import org.fusionexchange.intake.service.Violation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** The one place where failures become RFC 9457 problem responses. Nothing leaves as a stack trace. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of("unauthorized", "Unauthorized", 401, "A valid bearer token is required."), uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(Problem.of("unauthorized", "Unauthorized", 401, "A valid bearer token is required."), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "The token does not allow this operation."
                : e.getMessage();
        return respond(Problem.of("forbidden", "Forbidden", 403, detail), uri);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(ProblemMapper::fieldError)
                .sorted(Comparator.comparing(Problem.FieldError::pointer))
                .toList();
        return respond(Problem.of("validation", "Invalid request", 400, "The request has invalid values.")
                .withErrors(errors), uri);
    }

    /**
     * Unreadable JSON. The Jackson subtypes are named so that this wins over Quarkus' built-in mapper of
     * MismatchedInputException, which does not answer problem+json.
     */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class })
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(unreadableProblem(e, ""), uri);
    }

    @ServerExceptionMapper
    public Response rejected(ReportRejected e, UriInfo uri) {
        return respond(rejectedProblem(e.violations()), uri);
    }

    @ServerExceptionMapper
    public Response refused(ReportRefused e, UriInfo uri) {
        Problem problem = switch (e.reason()) {
            case NOT_FOUND -> Problem.of("not-found", "Not Found", 404, e.getMessage());
            case RETRACTED -> Problem.of("report-retracted", "Conflict", 409, e.getMessage());
            case STALE_VERSION -> Problem.of("stale-version", "Precondition Failed", 412, e.getMessage());
            case IDEMPOTENCY_KEY_REUSED -> Problem.of("idempotency-key-reused", "Conflict", 409, e.getMessage());
        };
        return respond(problem, uri);
    }

    /** A body, or a part of it under {@code prefix}, that is not the expected JSON: 400 with where it broke. */
    static Problem unreadableProblem(JsonProcessingException e, String prefix) {
        String pointer = prefix + (e instanceof JsonMappingException mapping ? pointer(mapping) : "");
        String detail = e.getOriginalMessage() == null ? "The body is not valid JSON." : e.getOriginalMessage();
        return Problem.of("malformed-body", "Malformed request body", 400,
                "The body could not be read as the expected JSON.")
                .withErrors(List.of(new Problem.FieldError(pointer, truncate(detail))));
    }

    /** A report that breaks rules: 422 with one entry per offending field. */
    static Problem rejectedProblem(List<Violation> violations) {
        return Problem.of("invalid-report", "Unprocessable report", 422, "The report breaks "
                + violations.size() + " rule(s); see errors.")
                .withErrors(violations.stream().map(v -> new Problem.FieldError(v.pointer(), v.detail())).toList());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request to %s failed", uri.getPath());
            return respond(Problem.of("internal", "Internal error", 500, "The request could not be completed."), uri);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return respond(Problem.of(slug(type.getReasonPhrase()), type.getReasonPhrase(), status,
                truncate(e.getMessage())), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (databaseUnavailable(e)) {
            // nothing was committed: the client may safely send the same request again
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return unavailable("unavailable", "The report store is unavailable; nothing was stored. Retry shortly.",
                    uri);
        }
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(Problem.of("internal", "Internal error", 500, "The request could not be completed."), uri);
    }

    /**
     * Whether a failure comes from the database being unreachable (connection refused or lost, the server shutting
     * down, no connection to be had from the pool) rather than from a fault of this service.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLTimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** 503 with Retry-After: nothing was done, and the same request may be sent again shortly. */
    static Response unavailable(String slug, String detail, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(slug, "Service unavailable", 503, detail), uri))
                .header("Retry-After", "5").build();
    }

    static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(uri == null ? problem : problem.at(uri.getRequestUri()))
                .build();
    }

    private static Problem.FieldError fieldError(ConstraintViolation<?> violation) {
        // "list.size" -> "size": the parameter's name, which is what the caller sent
        String path = violation.getPropertyPath().toString();
        String name = path.substring(path.lastIndexOf('.') + 1);
        return new Problem.FieldError(name, violation.getMessage());
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String slug(String phrase) {
        return phrase == null ? "error" : phrase.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
