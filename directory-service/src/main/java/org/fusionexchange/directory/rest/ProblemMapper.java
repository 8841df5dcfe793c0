package org.fusionexchange.directory.rest;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.fusionexchange.directory.service.DirectoryException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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
    public Response directory(DirectoryException e, UriInfo uri) {
        Problem problem;
        if (e instanceof DirectoryException.Invalid invalid) {
            problem = (invalid.malformed()
                    ? Problem.of("validation", "Invalid request", 400, invalid.getMessage())
                    : Problem.of("invalid-" + invalid.subject(), invalid.title(), 422, invalid.getMessage()))
                    .withErrors(invalid.violations().stream()
                            .map(v -> new Problem.FieldError(v.pointer(), v.detail())).toList());
        } else if (e instanceof DirectoryException.NotFound) {
            problem = Problem.of("not-found", "Not found", 404, e.getMessage());
        } else if (e instanceof DirectoryException.Conflict) {
            problem = Problem.of("conflict", "Conflict", 409, e.getMessage());
        } else if (e instanceof DirectoryException.StaleVersion) {
            problem = Problem.of("stale-version", "Precondition failed", 412, e.getMessage());
        } else if (e instanceof DirectoryException.CallerUnknown) {
            problem = Problem.of("unknown-agency", "Forbidden", 403, e.getMessage());
        } else {
            problem = Problem.of("agency-suspended", "Forbidden", 403, e.getMessage());
        }
        return respond(problem, uri);
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

    /** Named apart from its parent so that it wins over the extension's own mapper for this exception. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String pointer = e instanceof JsonMappingException mapping ? pointer(mapping) : "";
        String detail = e.getOriginalMessage() == null ? "The body is not valid JSON." : e.getOriginalMessage();
        return respond(Problem.of("malformed-body", "Malformed request body", 400,
                "The body could not be read as the expected JSON.")
                .withErrors(List.of(new Problem.FieldError(pointer, truncate(detail)))), uri);
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
            Response problem = respond(Problem.of("unavailable", "Service unavailable", 503,
                    "The agency directory is unavailable; nothing was changed. Retry shortly."), uri);
            return Response.fromResponse(problem).header("Retry-After", "5").build();
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
