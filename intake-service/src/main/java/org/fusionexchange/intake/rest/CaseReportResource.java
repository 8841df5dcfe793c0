package org.fusionexchange.intake.rest;

import java.io.IOException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.intake.domain.CaseReport;
import org.fusionexchange.intake.domain.InstantText;
import org.fusionexchange.intake.domain.Receipt;
import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportType;
import org.fusionexchange.intake.repository.CaseReportRepository.Position;
import org.fusionexchange.intake.service.CaseReportService;
import org.fusionexchange.intake.service.CaseReportService.ItemResult;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;
import org.fusionexchange.intake.service.CaseReportService.Submission;
import org.fusionexchange.intake.service.ReportListing;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;

/**
 * Case reports in: HTTP translated into calls on {@link CaseReportService} and {@link ReportListing}, and nothing
 * else.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("reporter")
@Tag(name = "Case reports")
public class CaseReportResource {

    private static final String BASE = "/api/v1/reports/";

    /** The answer to a batch: one result per item, in the order sent. */
    public record BatchResponse(
            @Schema(minimum = "0", maximum = "1000") int accepted,
            @Schema(minimum = "0", maximum = "1000") int rejected,
            @Schema(description = "One per item, in the order sent.", maxItems = RequestBodies.MAX_BATCH_ITEMS)
            List<BatchItemResponse> results) {
    }

    private final CaseReportService reports;
    private final ReportListing listing;
    private final Caller caller;
    private final RequestBodies bodies;

    public CaseReportResource(CaseReportService reports, ReportListing listing, Caller caller, RequestBodies bodies) {
        this.reports = reports;
        this.listing = listing;
        this.caller = caller;
        this.bodies = bodies;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitReport", summary = "Submit a case report", description = "Stores the report "
            + "and publishes it to case-reports. The originating agency is the token's; a body field cannot set it. "
            + "The body is at most 256 KiB (413 beyond, before it is read when Content-Length announces it). With an "
            + "Idempotency-Key, the same report again answers the first receipt (200) and stores nothing; another "
            + "report under the same key is a 409. Role: reporter.")
    @RequestBody(required = true, description = "One report, at most 256 KiB.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReportInput.class)))
    @APIResponse(responseCode = "201", description = "Stored; published to case-reports",
            headers = { @Header(name = "Location", ref = "Location"), @Header(name = "ETag", ref = "ETag") },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "200", description = "Idempotent replay of the first answer for this key",
            headers = { @Header(name = "Location", ref = "Location"), @Header(name = "ETag", ref = "ETag") },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a wrong type, an unknown enum value, or an "
            + "invalid Idempotency-Key")
    @APIResponse(responseCode = "409", description = "Idempotency-Key used before with another body")
    @APIResponse(responseCode = "413", description = "Body over 256 KiB")
    @APIResponse(responseCode = "422", description = "The report breaks rules, one entry per field")
    public Response submit(@Parameter(ref = "IdempotencyKey") @HeaderParam("Idempotency-Key") String idempotencyKey,
            byte[] body) throws IOException {
        String agency = caller.agency();
        String key = RequestBodies.idempotencyKey(idempotencyKey);
        Submission submission = reports.submit(agency, bodies.read(body, ReportInput.class), key);
        Receipt receipt = submission.receipt();
        return Response.status(submission.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .location(URI.create(BASE + receipt.id()))
                .tag(etag(receipt.version()))
                .entity(receipt).build();
    }

    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitReportBatch", summary = "Submit up to 1,000 reports", description = "Each item "
            + "is validated alone; the valid ones are stored and published together, in one transaction. Answers "
            + "200 with one result per item, in order: {index, status: 201, id, version} or {index, status: 400|422, "
            + "problem}. At most 1,000 items and 4 MiB (413 beyond). With an Idempotency-Key, the same items again "
            + "answer the first answer and store nothing; other items under the same key are a 409. Role: reporter.")
    @RequestBody(required = true, description = "A JSON array of at most 1,000 reports, at most 4 MiB.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReportInput.class,
                            maxItems = RequestBodies.MAX_BATCH_ITEMS)))
    @APIResponse(responseCode = "200", description = "One result per item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchResponse.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON array, or an invalid Idempotency-Key")
    @APIResponse(responseCode = "409", description = "Idempotency-Key used before with other items")
    @APIResponse(responseCode = "413", description = "More than 1,000 items, or a body over 4 MiB")
    public Response submitBatch(
            @Parameter(ref = "IdempotencyKey") @HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body)
            throws IOException {
        String agency = caller.agency();
        String key = RequestBodies.idempotencyKey(idempotencyKey);
        List<RequestBodies.BatchItem<ReportInput>> items = bodies.readBatch(body, ReportInput.class);
        List<ReportInput> inputs = new ArrayList<>(items.size());
        List<Object> sent = new ArrayList<>(items.size());
        List<BatchItemResponse> unreadable = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            RequestBodies.BatchItem<ReportInput> item = items.get(i);
            inputs.add(item.value());
            sent.add(item.sent());
            if (item.failure() != null) {
                unreadable.add(new BatchItemResponse(i, 400, null, null,
                        ProblemMapper.unreadableProblem(item.failure(), "/" + i)));
            } else {
                unreadable.add(item.value() != null ? null : new BatchItemResponse(i, 400, null, null,
                        Problem.of("malformed-body", "Malformed request body", 400, "An item is not a report.")
                                .withErrors(List.of(new Problem.FieldError("/" + i, "must be a report object")))));
            }
        }
        String answer = reports.submitBatch(agency, inputs, sent, key, stored -> answer(stored, unreadable),
                BatchResponse.class);
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    /** One result per item, in order: its receipt, its rule violations, or why it could not be read. */
    private static BatchResponse answer(List<ItemResult> stored, List<BatchItemResponse> unreadable) {
        List<BatchItemResponse> results = new ArrayList<>(stored.size());
        int accepted = 0;
        for (int i = 0; i < stored.size(); i++) {
            ItemResult result = stored.get(i);
            if (result == null) {
                results.add(unreadable.get(i));
            } else if (result.receipt() != null) {
                accepted++;
                results.add(new BatchItemResponse(i, 201, result.receipt().id(), result.receipt().version(), null));
            } else {
                results.add(new BatchItemResponse(i, 422, null, null,
                        ProblemMapper.rejectedProblem(result.violations())));
            }
        }
        return new BatchResponse(accepted, stored.size() - accepted, results);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getReport", summary = "A report of the caller's agency",
            description = "The report as of its current version, which is also its ETag. Another agency's report, "
                    + "an unknown id and a malformed one are all 404. Role: reporter.")
    @APIResponse(responseCode = "200", description = "The report", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CaseReport.class)))
    @APIResponse(responseCode = "404", description = "No such report of the caller's agency")
    public Response get(@Parameter(ref = "ReportId") @PathParam("id") String id) {
        CaseReport report = reports.find(caller.agency(), RequestBodies.reportId(id));
        return Response.ok(report).tag(etag(report.version())).build();
    }

    @GET
    @Operation(operationId = "listReports", summary = "The caller's agency's reports, newest first",
            description = "type and since (received at or after) filter. Follow `next` as `cursor` for the following "
                    + "page: each page costs the same however many reports the agency has. `page` (numbered pages "
                    + "with a `total`) still works but counts every matching report, and is deprecated; page * size "
                    + "must be at most 2,147,483,647, and page and cursor do not go together (400). Role: reporter.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "A parameter out of its range or not of its form, named in "
            + "errors")
    public Uni<Page<ReportSummary>> list(
            @Parameter(description = "Only reports of this type",
                    schema = @Schema(implementation = ReportType.class)) @QueryParam("type") String type,
            @Parameter(description = "Only reports received at or after this ISO-8601 instant",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time", maxLength = 64,
                            example = "2026-11-28T00:00:00Z")) @QueryParam("since") String since,
            @Parameter(description = "The `next` of the previous page",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 128, pattern = "^[A-Za-z0-9_-]*$",
                            example = "cjEuMTc2NDU0NzIwMDAwMDAwMC4wYjdlNmMxYS0zYzFkLTRmN2UtOWE1NS0yZDBjMWY3ZjhhMTA"))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "0-based page number (deprecated: use cursor)", deprecated = true,
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0",
                            maximum = "2147483647"))
            @QueryParam("page") String pageText,
            @Parameter(description = "Reports per page",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                            maximum = "" + Page.MAX_SIZE, defaultValue = Page.DEFAULT_SIZE))
            @QueryParam("size") String sizeText) {
        String agency = caller.agency();
        int size = sizeText == null ? Integer.parseInt(Page.DEFAULT_SIZE)
                : integerParameter("size", sizeText, 1, Page.MAX_SIZE);
        Integer page = pageText == null ? null : integerParameter("page", pageText, 0, Integer.MAX_VALUE);
        if (page != null && (long) page * size > Integer.MAX_VALUE) {
            // the database offset is page * size rows; past an int it would overflow rather than find nothing
            throw invalidParameter("page", "page * size must be at most " + Integer.MAX_VALUE);
        }
        Position after = position(cursor);
        if (page != null && after != null) {
            throw invalidParameter("cursor", "give either cursor or page, not both");
        }
        // on the event loop from here on: the page is read without a worker thread (service/ReportListing)
        return listing.list(agency, reportType(type), instant(since), after, page, size).map(found -> new Page<>(
                found.items(), page, size, found.total(), found.next() == null ? null : Cursor.of(found.next())));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "amendReport", summary = "Amend a report: a new version with the given content",
            description = "If-Match must name the current version (the ETag of GET): 428 without it, 412 when "
                    + "another version is current. The body is a whole report, at most 256 KiB. A retracted report "
                    + "cannot change (409). Role: reporter.")
    @RequestBody(required = true, description = "The whole report as it now stands, at most 256 KiB.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReportInput.class)))
    @APIResponse(responseCode = "200", description = "The new version", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a wrong type or an unknown enum value")
    @APIResponse(responseCode = "404", description = "No such report of the caller's agency")
    @APIResponse(responseCode = "409", description = "The report is retracted")
    @APIResponse(responseCode = "412", description = "If-Match names another version")
    @APIResponse(responseCode = "413", description = "Body over 256 KiB")
    @APIResponse(responseCode = "422", description = "The report breaks rules, one entry per field")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response amend(@Parameter(ref = "ReportId") @PathParam("id") String id,
            @Parameter(ref = "IfMatchRequired") @HeaderParam("If-Match") String ifMatch, byte[] body)
            throws IOException {
        String agency = caller.agency();
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(Problem.of("precondition-required", "Precondition Required", 428,
                    "Amending needs If-Match with the report's current ETag."));
        }
        Integer expected = RequestBodies.expectedVersion(ifMatch);
        Receipt receipt = reports.amend(agency, RequestBodies.reportId(id), expected,
                bodies.read(body, ReportInput.class));
        return Response.ok(receipt).tag(etag(receipt.version())).build();
    }

    @POST
    @Path("{id}/retraction")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "retractReport", summary = "Retract a report: a final version with the reason",
            description = "If-Match is optional; when given, it must name the current version (412). A retracted "
                    + "report cannot be retracted again (409). The body is at most 256 KiB. Role: reporter.")
    @RequestBody(required = true, description = "Why the report is withdrawn.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReportInput.Retraction.class)))
    @APIResponse(responseCode = "200", description = "The retracted version",
            headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Receipt.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a wrong type")
    @APIResponse(responseCode = "404", description = "No such report of the caller's agency")
    @APIResponse(responseCode = "409", description = "Already retracted")
    @APIResponse(responseCode = "412", description = "If-Match names another version")
    @APIResponse(responseCode = "413", description = "Body over 256 KiB")
    @APIResponse(responseCode = "422", description = "No reason, or one over 2,000 characters")
    public Response retract(@Parameter(ref = "ReportId") @PathParam("id") String id,
            @Parameter(ref = "IfMatch") @HeaderParam("If-Match") String ifMatch, byte[] body)
            throws IOException {
        String agency = caller.agency();
        Integer expected = ifMatch == null || ifMatch.isBlank() ? null : RequestBodies.expectedVersion(ifMatch);
        ReportInput.Retraction retraction = bodies.read(body, ReportInput.Retraction.class);
        Receipt receipt = reports.retract(agency, RequestBodies.reportId(id), expected,
                retraction == null ? null : retraction.reason());
        return Response.ok(receipt).tag(etag(receipt.version())).build();
    }

    private static EntityTag etag(int version) {
        return new EntityTag(Integer.toString(version));
    }

    private static ReportType reportType(String type) {
        if (type == null) {
            return null;
        }
        try {
            return ReportType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw invalidParameter("type", "must be one of OVERDOSE, DRUG_SEIZURE, TRAFFICKING, "
                    + "SUSPICIOUS_ACTIVITY, OFFICER_SAFETY");
        }
    }

    private static Position position(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Cursor.parse(cursor);
        } catch (RuntimeException e) {
            throw invalidParameter("cursor", "must be the next of an earlier page of this list");
        }
    }

    private static Instant instant(String since) {
        if (since == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(since);
        } catch (DateTimeException e) {
            throw invalidParameter("since", "must be an ISO-8601 instant such as 2026-11-28T00:00:00Z");
        }
        if (!InstantText.fourDigitYear(at)) {
            // read, but past what PostgreSQL's timestamps hold at the far end: a 500 from the query otherwise
            throw invalidParameter("since", "must be an ISO-8601 instant with a four-digit year, such as "
                    + "2026-11-28T00:00:00Z");
        }
        return at;
    }

    /** An integer query parameter within its bounds; anything else (not a number, too large) is a 400 naming it. */
    private static int integerParameter(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // not an integer, or past an int: the same answer as out of bounds
        }
        throw invalidParameter(name, "must be an integer from " + min + " to " + max);
    }

    private static ProblemException invalidParameter(String name, String detail) {
        return new ProblemException(Problem.of("validation", "Invalid request", 400, "The request has invalid values.")
                .withErrors(List.of(new Problem.FieldError(name, detail))));
    }
}
