package org.fusionexchange.alert.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.service.SubscriptionService;
import org.fusionexchange.alert.service.SubscriptionService.NewSubscription;
import org.fusionexchange.alert.service.SubscriptionService.Subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The calling analyst's saved subscriptions, which the stream follows when called without parameters. */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("analyst")
@Tag(name = "Subscriptions")
public class SubscriptionResource {

    private static final List<String> SUBSCRIPTION_FIELDS = List.of("topics", "jurisdiction", "minimumSeverity");

    private final SubscriptionService subscriptions;
    private final Caller caller;
    private final ObjectMapper json;

    public SubscriptionResource(SubscriptionService subscriptions, Caller caller, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Operation(operationId = "listSubscriptions", summary = "The calling analyst's subscriptions, oldest first",
            description = "Numbered pages with a total: an analyst has at most alert.subscriptions.max-per-analyst "
                    + "(50) subscriptions.")
    @APIResponse(responseCode = "200", description = "A page of subscriptions")
    @APIResponse(responseCode = "400", description = "A malformed page or size")
    public Page<Subscription> list(
            @Parameter(description = "0-based page number; page times size at most 2147483647", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int32", minimum = "0",
                    maximum = "" + RequestParameters.MAX_PAGE))
            @QueryParam("page") String page,
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1",
                    maximum = "" + Page.MAX_SIZE, defaultValue = Page.DEFAULT_SIZE))
            @QueryParam("size") String size) {
        String agency = caller.agency();
        RequestParameters params = new RequestParameters();
        int pageSize = params.size(size);
        int pageNumber = params.page(page, pageSize);
        params.check();
        SubscriptionService.Listing listing = subscriptions.list(agency, caller.analyst(), pageNumber, pageSize);
        // at most max-per-analyst (50) rows: numbered pages and their count stay cheap
        return new Page<>(listing.items(), pageNumber, pageSize, listing.total(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSubscription",
            summary = "Save a subscription: topics (none for all), a jurisdiction filter, a minimum severity",
            description = "The stream without topics follows the analyst's saved subscriptions. The body is a JSON "
                    + "object of at most 65536 bytes (64 KiB; larger is a 413) with only the fields of "
                    + "NewSubscription; an unknown field is a 400.")
    @APIResponse(responseCode = "201", description = "Saved; Location names it",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "Location",
                    description = "The subscription's URI", schema = @Schema(type = SchemaType.STRING,
                            format = "uri", maxLength = 8192)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Subscription.class)))
    @APIResponse(responseCode = "400", description = "Invalid values, one error per field (JSON pointer)")
    @APIResponse(responseCode = "422", description = "The analyst has as many subscriptions as allowed")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewSubscription.class)))
    public Response create(String body) throws JsonProcessingException {
        String agency = caller.agency();
        Subscription saved = subscriptions.create(agency, caller.analyst(), read(body));
        return Response.created(URI.create("/api/v1/subscriptions/" + saved.id())).entity(saved).build();
    }

    /**
     * The body, read here so that a malformed one is answered by the problem mapper with a pointer. It must be an
     * object ({} follows every topic), and a field this API does not know is refused rather than ignored: a
     * misspelt "topic" must not silently become a subscription to everything.
     */
    private NewSubscription read(String body) throws JsonProcessingException {
        JsonNode tree = body == null || body.isBlank() ? null : json.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(Problem.of("malformed-body", "Malformed request body", 400,
                    "A subscription is a JSON object; send {} to follow every topic.")
                    .withErrors(List.of(new Problem.FieldError("", "must be an object"))));
        }
        List<Problem.FieldError> unknown = new ArrayList<>();
        tree.fieldNames().forEachRemaining(name -> {
            if (!SUBSCRIPTION_FIELDS.contains(name)) {
                unknown.add(new Problem.FieldError("/" + name, "is not a field of a subscription"));
            }
        });
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.of("invalid-subscription", "Invalid subscription", 400,
                    "A subscription has only the fields " + SUBSCRIPTION_FIELDS + ".").withErrors(unknown));
        }
        return json.treeToValue(tree, NewSubscription.class);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteSubscription", summary = "Delete one of the calling analyst's subscriptions",
            description = "Another analyst's subscription is answered as if it did not exist.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such subscription of this analyst")
    public Response delete(@Parameter(description = "The subscription's id", schema = @Schema(
            type = SchemaType.STRING, format = "uuid", maxLength = 36, pattern = RequestParameters.UUID_PATTERN,
            example = "5d0c8a4e-1f2b-4c3d-8e9f-000000000104"))
            @PathParam("id") String id) {
        String agency = caller.agency();
        RequestParameters params = new RequestParameters();
        var uuid = params.uuid("id", id);
        params.check();
        if (!subscriptions.delete(agency, caller.analyst(), uuid)) {
            throw new ProblemException(
                    Problem.of("not-found", "Not found", 404, "No subscription " + id + " of yours."));
        }
        return Response.noContent().build();
    }
}
