package org.fusionexchange.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertListing;
import org.fusionexchange.alert.service.AlertService;
import org.fusionexchange.alert.service.AlertTopic;

import io.smallrye.mutiny.Uni;

/** The caller agency's alerts. Another agency's alert is answered as if it did not exist. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("analyst")
@Tag(name = "Alerts")
public class AlertResource {

    /** What GET /alerts/{id} answers, the first being the default. */
    private static final List<Variant> VARIANTS = Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE,
            MediaType.valueOf(CapAlert.MEDIA_TYPE)).build();

    private final AlertService alerts;
    private final AlertListing listing;
    private final Caller caller;
    private final CapAlerts cap;

    public AlertResource(AlertService alerts, AlertListing listing, Caller caller, CapAlerts cap) {
        this.alerts = alerts;
        this.listing = listing;
        this.caller = caller;
        this.cap = cap;
    }

    @GET
    @Operation(operationId = "listAlerts", summary = "The agency's alerts, newest first, paginated",
            description = "Follow `next` as `cursor` for the following page: each page costs the same however many "
                    + "alerts the agency has. Without filters a page also gives the `total`, from a counter. `page` "
                    + "(numbered pages, always with a `total`) still works but counts every matching alert, and is "
                    + "deprecated. With `reportId`, the list is that report's history as this agency received it: "
                    + "its Alert, Updates and Cancel, newest first (empty when the agency holds none of them).")
    @APIResponse(responseCode = "200", description = "A page of alerts")
    @APIResponse(responseCode = "400", description = "A malformed parameter, named by the pointer of its error "
            + "(`topic`, `since`, `status`, `reportId`, `cursor`, `page`, `size`)")
    public Uni<Page<ListedAlert>> list(
            @Parameter(description = "An alert topic id (GET /api/v1/topics)",
                    schema = @Schema(implementation = AlertTopic.Id.class))
            @QueryParam("topic") String topic,
            @Parameter(description = "Only alerts created at or after this ISO-8601 instant, such as "
                    + "2026-11-28T16:00:00Z", schema = @Schema(type = SchemaType.STRING, format = "date-time",
                            maxLength = 64))
            @QueryParam("since") String since,
            @Parameter(description = "new (not acknowledged) or acknowledged", schema = @Schema(
                    type = SchemaType.STRING, enumeration = { "new", "acknowledged" }))
            @QueryParam("status") String status,
            @Parameter(description = "Only the alerts of this case report, of every message type",
                    example = "7d3c1a52-5b8e-4f3a-9c2d-1e0f4a6b8c91", schema = @Schema(type = SchemaType.STRING,
                            format = "uuid", maxLength = 36, pattern = RequestParameters.UUID_PATTERN,
            example = "5d0c8a4e-1f2b-4c3d-8e9f-000000000104"))
            @QueryParam("reportId") String reportId,
            @Parameter(description = "The `next` of the previous page; not with `page`", schema = @Schema(
                    type = SchemaType.STRING, maxLength = Cursor.MAX_LENGTH, pattern = Cursor.PATTERN,
                    example = "YTEuMQ"))
            @QueryParam("cursor") String cursor,
            @Parameter(description = "0-based page number (deprecated: use cursor); page times size at most "
                    + "2147483647; not with `cursor`", deprecated = true, schema = @Schema(type = SchemaType.INTEGER,
                            format = "int32", minimum = "0", maximum = "" + RequestParameters.MAX_PAGE))
            @QueryParam("page") String page,
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1",
                    maximum = "" + Page.MAX_SIZE, defaultValue = Page.DEFAULT_SIZE))
            @QueryParam("size") String size) {
        String agency = caller.agency();
        RequestParameters params = new RequestParameters();
        if (topic != null && AlertTopic.byId(topic).isEmpty()) {
            params.error("topic", "must be an alert topic id (GET /api/v1/topics)");
        }
        Instant from = params.instant("since", since);
        Boolean acknowledged = null;
        if ("new".equals(status)) {
            acknowledged = false;
        } else if ("acknowledged".equals(status)) {
            acknowledged = true;
        } else if (status != null) {
            params.error("status", "must be new or acknowledged");
        }
        UUID report = reportId(params, reportId);
        int pageSize = params.size(size);
        Integer pageNumber = page == null ? null : params.page(page, pageSize);
        Long after = params.cursor(cursor);
        if (page != null && after != null) {
            params.error("cursor", "give either cursor or page, not both");
        }
        params.check();
        // on the event loop from here on: the page is read without a worker thread (service/AlertListing)
        return listing.list(new AlertRepository.Filter(agency, topic, from, acknowledged, report), after, pageNumber,
                pageSize).map(found -> new Page<>(found.items().stream().map(ListedAlert::new).toList(), pageNumber,
                        pageSize, found.total(), found.next() == null ? null : Cursor.of(found.next())));
    }

    @GET
    @Path("/{id}")
    @Produces({ MediaType.APPLICATION_JSON, CapAlert.MEDIA_TYPE })
    @Operation(operationId = "getAlert", summary = "One alert of the agency, as JSON or as OASIS CAP 1.2 XML",
            description = "JSON unless the Accept header prefers `application/cap+xml`: then the alert as a CAP 1.2 "
                    + "`<alert>` in namespace `urn:oasis:names:tc:emergency:cap:1.2` (contracts/alerts, CAP 1.2). An "
                    + "Accept that allows neither is a 406.")
    @APIResponse(responseCode = "200", description = "The alert", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Alert.class)),
            @Content(mediaType = CapAlert.MEDIA_TYPE) })
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such alert for this agency")
    @APIResponse(responseCode = "406", description = "The Accept header allows neither application/json nor "
            + "application/cap+xml")
    public Response get(@Parameter(description = "The alert's id", schema = @Schema(type = SchemaType.STRING,
            format = "uuid", maxLength = 36, pattern = RequestParameters.UUID_PATTERN,
            example = "5d0c8a4e-1f2b-4c3d-8e9f-000000000104")) @PathParam("id") String id,
            @Context Request request) {
        String agency = caller.agency();
        Variant variant = request.selectVariant(VARIANTS);
        if (variant == null) {
            throw new NotAcceptableException("Acceptable: application/json, application/cap+xml.");
        }
        Alert alert = alerts.find(agency, alertId(id)).orElseThrow(() -> notFound(id));
        Response.ResponseBuilder response = CapAlert.MEDIA_TYPE.equals(variant.getMediaType().toString())
                ? Response.ok(cap.xml(agency, alert), CapAlert.MEDIA_TYPE)
                : Response.ok(alert, MediaType.APPLICATION_JSON);
        return response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    @POST
    @Path("/{id}/acknowledgement")
    @Operation(operationId = "acknowledgeAlert", summary = "Acknowledge an alert of the agency",
            description = "Records who (the token's subject) and when, once: acknowledging again changes nothing and "
                    + "answers the alert as it is. No body.")
    @APIResponse(responseCode = "200", description = "The alert with its acknowledgement",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Alert.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such alert for this agency")
    public Alert acknowledge(@Parameter(description = "The alert's id", schema = @Schema(type = SchemaType.STRING,
            format = "uuid", maxLength = 36, pattern = RequestParameters.UUID_PATTERN,
            example = "5d0c8a4e-1f2b-4c3d-8e9f-000000000104")) @PathParam("id") String id) {
        String agency = caller.agency();
        return alerts.acknowledge(agency, caller.analyst(), alertId(id)).orElseThrow(() -> notFound(id));
    }

    /** The report to list, null when not given (empty, as the other filters). */
    private static UUID reportId(RequestParameters params, String value) {
        return value == null || value.isBlank() ? null : params.uuid("reportId", value);
    }

    private static UUID alertId(String id) {
        RequestParameters params = new RequestParameters();
        UUID uuid = params.uuid("id", id);
        params.check();
        return uuid;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, "No alert " + id + " for your agency."));
    }
}
