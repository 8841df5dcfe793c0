package org.fusionexchange.alert.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.fusionexchange.alert.service.Alert;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What every operation of {@code /api} shares, added to the document at build time (so that the stored
 * target/openapi/openapi.json is the served one): the problem+json schema of every 4xx and 5xx answer; the answers
 * any request can get (401, 403, 406, 413, 429, 500, 503), and 400 and 415 where a request has parameters or a
 * body; the RateLimit headers on every 2xx and 4xx answer and Retry-After on 429 and 503; the limits of the UUID
 * and instant schemas; and the servers.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";
    static final String RETRY_AFTER = "Retry-After";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    private static final String DRAFT = "draft-ietf-httpapi-ratelimit-headers-10";

    /** The answers any /api request can get, with what they mean. */
    private static final Map<String, String> COMMON = Map.of(
            "401", "No bearer token, or one that is not a valid access token of the realm for the exchange. Counted "
                    + "per client address against the service's default quota (RateLimit policy \"address\").",
            "403", "The token lacks the role the operation needs, carries no agency, or its agency is unknown to the "
                    + "directory or suspended.",
            "406", "The Accept header allows none of the operation's media types.",
            "413", "A request body over 65536 bytes (64 KiB), on any request under /api.",
            "429", "Over the agency's request quota (RateLimit policy \"agency\"), or over the client address's "
                    + "while unauthenticated (\"address\"): retry after Retry-After seconds. Nothing was read or "
                    + "stored.",
            "500", "An unexpected failure; nothing is said of its cause.",
            "503", "The directory view is still loading at start-up, or the alert store is unavailable; nothing was "
                    + "changed. Retry after Retry-After seconds.");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM, problem());
        components.addSchema("FieldError", fieldError());
        components.addHeader(RATE_LIMIT_POLICY, OASFactory.createHeader()
                .description("The quota that applies (" + DRAFT + "): `\"agency\";q=<burst>;w=<seconds to refill "
                        + "from empty>` for an authenticated caller, `\"address\";q=...;w=...` for one without a "
                        + "valid token. Absent when the caller has no limit (no quota of its own and no default).")
                .schema(string(128).pattern("^\"(agency|address)\";q=[0-9]+;w=[0-9]+$")));
        components.addHeader(RATE_LIMIT, OASFactory.createHeader()
                .description("What is left of it (" + DRAFT + "): `\"agency\";r=<whole requests left>;t=<seconds "
                        + "until the bucket is full again>`. Absent when the caller has no limit.")
                .schema(string(128).pattern("^\"(agency|address)\";r=[0-9]+;t=[0-9]+$")));
        components.addHeader(ALLOW_ORIGIN, OASFactory.createHeader()
                .description("Never sent: alert-service answers no cross-origin (CORS) request. Its web console is "
                        + "served from its own origin; a page of another origin cannot read its answers.")
                .schema(string(0)));
        components.addHeader(RETRY_AFTER, OASFactory.createHeader()
                .description("Seconds to wait before sending the same request again.").required(true)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(86_400))));
        // a subscription's minimumSeverity may be sent as null, like leaving it out
        Schema request = components.getSchemas().get("NewSubscription");
        Schema severity = request == null ? null : request.getProperties().get("minimumSeverity");
        if (severity != null && severity.getEnumeration() != null) {
            List<Object> values = new java.util.ArrayList<>(severity.getEnumeration());
            values.add(null);
            severity.setEnumeration(values);
        }
        alertPage(openAPI);
        restrict(components.getSchemas().get("UUID"), 36, RequestParameters.UUID_PATTERN);
        restrict(components.getSchemas().get("Instant"), 35, null);
        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("The service's own origin, the same in every environment (local, staging, production): "
                        + "alert-service itself on port 8083, or the exchange's ingress in front of it")
                .addExtension("x-internal", false)));
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().getOperations().values().forEach(OpenApiDocument::answers);
            }
        }
    }

    /**
     * The alert list's items are {@link ListedAlert}s, each an {@link Alert} written through as the JSON it already is:
     * the document calls the page {@code PageAlert} with {@code Alert} items, as the code that builds them would.
     */
    private static void alertPage(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        Schema page = components.getSchemas().get("PageListedAlert");
        if (page == null) {
            return;
        }
        page.getProperties().get("items").getItems().setRef(Alert.class.getSimpleName());
        components.removeSchema("PageListedAlert");
        components.removeSchema(ListedAlert.class.getSimpleName());
        components.addSchema("PageAlert", page);
        openAPI.getPaths().getPathItem("/api/v1/alerts").getGET().getResponses().getAPIResponse("200").getContent()
                .getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON).getSchema().setRef("PageAlert");
    }

    private static void answers(Operation operation) {
        APIResponses responses = operation.getResponses();
        COMMON.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if ((parameters || operation.getRequestBody() != null) && !responses.hasAPIResponse("400")) {
            responses.addAPIResponse("400", OASFactory.createAPIResponse()
                    .description("A malformed parameter or body, each named in errors"));
        }
        if (operation.getRequestBody() != null && !responses.hasAPIResponse("415")) {
            responses.addAPIResponse("415", OASFactory.createAPIResponse()
                    .description("The body is not application/json"));
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            String status = entry.getKey();
            APIResponse response = entry.getValue();
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(ref(PROBLEM))));
            }
            if (status.startsWith("2") || status.startsWith("4")) {
                response.addHeader(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY));
                response.addHeader(RATE_LIMIT, headerRef(RATE_LIMIT));
            }
            response.addHeader(ALLOW_ORIGIN, headerRef(ALLOW_ORIGIN));
            if (status.equals("429") || status.equals("503")) {
                response.addHeader(RETRY_AFTER, headerRef(RETRY_AFTER));
            }
        }
    }

    /** RFC 9457 problem details, as the service's one problem mapper writes them. */
    private static Schema problem() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (application/problem+json)")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", string(200).format("uri")
                        .description("https://fusion-exchange.org/problems/<slug>, such as too-many-requests"))
                .addProperty("title", string(200))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", string(8192))
                .addProperty("instance", string(8192).format("uri-reference")
                        .description("The request's URI"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .maxItems(Problem.MAX_ERRORS).items(ref("FieldError"))
                        .description("One per offending parameter (its name) or body field (a JSON pointer), at "
                                + "most " + Problem.MAX_ERRORS));
    }

    private static Schema fieldError() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("pointer", string((int) BodyLimit.MAX_BYTES)
                        .description("The parameter's name, or the body field's JSON pointer"))
                .addProperty("detail", string(8192));
    }

    private static void restrict(Schema schema, int maxLength, String pattern) {
        if (schema != null) {
            schema.maxLength(maxLength);
            if (pattern != null) {
                schema.pattern(pattern);
            }
        }
    }

    private static Schema string(int maxLength) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(maxLength);
    }

    private static Schema ref(String schema) {
        return OASFactory.createSchema().ref(schema);
    }

    private static Header headerRef(String header) {
        return OASFactory.createHeader().ref(header);
    }
}
