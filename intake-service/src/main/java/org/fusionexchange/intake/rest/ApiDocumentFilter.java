package org.fusionexchange.intake.rest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import org.fusionexchange.intake.service.ReportValidator;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What every operation of this API shares, added to the OpenAPI document at build time (the document served at
 * /q/openapi is the one the build writes to target/openapi): the answers every /api request can get (401, 403, 429,
 * 500, 503, and 413 and 415 where there is a body), each error as application/problem+json with {@link Problem}'s
 * schema, the RateLimit headers on every 2xx and 4xx answer and Retry-After on 429 and 503 (rest/QuotaFilter,
 * rest/DirectoryGate), the shared parameters and headers, the bounds of the shared string schemas, the server and
 * the bearer scheme's promises.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String HEADERS = "#/components/headers/";
    private static final String CORS = "Access-Control-Allow-Origin";
    private static final String UUID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /** The answers every /api operation can give, whatever it does. */
    private static final Map<String, String> COMMON = ordered(
            "401", "No valid bearer token: missing, expired, forged, or not issued for the audience fusion-exchange.",
            "403", "The token lacks the role this operation needs, or its agency is suspended or not known to the "
                    + "directory.",
            "429", "Over the quota: the caller's agency's (policy \"agency\"), or the client address's for requests "
                    + "failing authentication (policy \"address\"). Nothing was done; retry after Retry-After seconds.",
            "500", "An unexpected failure of this service.",
            "503", "The agency directory is not loaded yet, or the report store is unavailable. Nothing was done; "
                    + "retry after Retry-After seconds.");

    /** The answers of operations with a request body. */
    private static final Map<String, String> WITH_BODY = ordered(
            "413", "The body is over this operation's limit (see its description).",
            "415", "The body is not application/json.");

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Components components = document.getComponents();
        shared(components);
        document.setServers(List.of(OASFactory.createServer()
                .url("/")
                .description("The service's own origin, the same in every environment (local, staging, production): "
                        + "intake-service itself on port 8082, or the exchange's ingress in front of it")
                .addExtension("x-internal", false)));
        SecurityScheme bearer = components.getSecuritySchemes().values().iterator().next();
        bearer.setDescription("A bearer access token (a JWT signed RS256) from the exchange's Keycloak realm, "
                + "issued for the audience fusion-exchange, carrying the caller's agency (claim agency) and realm roles "
                + "(realm_access.roles; the roles each operation needs are in its security requirement). Verified as "
                + "RFC8725 (JSON Web Token Best Current Practices) asks: the algorithm is the realm key's, never none; "
                + "signature, issuer, audience and expiry are checked; tokens that are not JWTs are refused.");
        for (PathItem path : document.getPaths().getPathItems().values()) {
            path.getOperations().values().forEach(this::answers);
        }
        batchItems(document.getPaths().getPathItem("/api/v1/reports/batch").getPOST());
    }

    private void answers(Operation operation) {
        APIResponses responses = operation.getResponses();
        COMMON.forEach((code, description) -> addIfAbsent(responses, code, description));
        if (operation.getRequestBody() != null) {
            WITH_BODY.forEach((code, description) -> addIfAbsent(responses, code, description));
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (COMMON.containsKey(code) || WITH_BODY.containsKey(code)) {
                    response.setDescription(COMMON.getOrDefault(code, WITH_BODY.get(code)));
                }
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
            }
            response.addHeader(CORS, OASFactory.createHeader().ref(HEADERS + CORS));
            if (code.startsWith("2") || code.startsWith("4")) {
                response.addHeader("RateLimit", OASFactory.createHeader().ref(HEADERS + "RateLimit"));
                response.addHeader("RateLimit-Policy", OASFactory.createHeader().ref(HEADERS + "RateLimit-Policy"));
            }
            if (code.equals("429") || code.equals("503")) {
                response.addHeader("Retry-After", OASFactory.createHeader().ref(HEADERS + "Retry-After"));
            }
        });
    }

    /**
     * A batch's items are read and judged one by one, and the batch succeeds (200) whatever they hold: an item that is
     * not a report, or breaks its rules, gets its 400 or 422 in its result. So the request's schema bounds the array
     * only; each item is meant to be a ReportInput.
     */
    private static void batchItems(Operation batch) {
        Schema array = batch.getRequestBody().getContent().getMediaType("application/json").getSchema();
        array.setItems(OASFactory.createSchema().description("A report, as the schema ReportInput describes it. Each "
                + "item is read and validated alone: one that is not a report, or breaks a rule, is answered in its "
                + "result (status 400 or 422, with its problem) while the valid ones are stored."));
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** The parameters, headers and bounds of shared schemas that the operations refer to. */
    private static void shared(Components components) {
        components.addParameter("ReportId", OASFactory.createParameter().name("id").in(Parameter.In.PATH)
                .required(true).description("A report's id (a UUID); anything else is simply not found (404).")
                .schema(string(36, UUID_PATTERN).format("uuid").example("0b7e6c1a-3c1d-4f7e-9a55-2d0c1f7f8a10")));
        components.addParameter("IfMatch", ifMatch(false, "Optional: when given, the report's current ETag"));
        components.addParameter("IfMatchRequired", ifMatch(true, "Required (428 without): the report's current ETag"));
        components.addParameter("IdempotencyKey", OASFactory.createParameter().name("Idempotency-Key")
                .in(Parameter.In.HEADER)
                .description("1 to 128 visible ASCII characters, scoped to the agency and remembered for a day: the "
                        + "same request again answers the first answer (200) and stores nothing; another request "
                        + "under the same key is a 409. Invalid: 400.")
                .schema(string(128, "^[\\x21-\\x7E]{1,128}$").minLength(1)
                        .example("c0ffee-2026-11-28-0001")));
        components.addHeader("Location", OASFactory.createHeader().description("The report's URI.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri").maxLength(2048)));
        components.addHeader("ETag", OASFactory.createHeader().description("The report's version, quoted.")
                .schema(string(12, "^\"[1-9][0-9]{0,9}\"$")));
        components.addHeader("RateLimit", OASFactory.createHeader()
                .description("draft-ietf-httpapi-ratelimit-headers-10: the caller's policy (\"agency\", or \"address\" "
                        + "for requests failing authentication), the whole requests left (r) and the seconds until the "
                        + "quota is whole again (t). Absent when the caller is not limited.")
                .schema(string(64, "^\"(agency|address)\";r=[0-9]+;t=[0-9]+$").example("\"agency\";r=97;t=1")));
        components.addHeader("RateLimit-Policy", OASFactory.createHeader()
                .description("draft-ietf-httpapi-ratelimit-headers-10: the caller's quota as this instance holds it: "
                        + "at most q requests at once, refilled to q in w seconds. Absent when the caller is not "
                        + "limited.")
                .schema(string(64, "^\"(agency|address)\";q=[0-9]+;w=[0-9]+$").example("\"agency\";q=200;w=2")));
        components.addHeader(CORS, OASFactory.createHeader().description("On answers to requests from the one "
                + "origin allowed (the web console's, set per deployment); absent otherwise.")
                .schema(string(2048, "^https?://[^\\s]+$").format("uri")));
        components.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(3600))));
        Map<String, Schema> schemas = components.getSchemas();
        schemas.get("UUID").maxLength(36).pattern(UUID_PATTERN);
        schemas.get("Instant").maxLength(64);
        // unknown fields of a report are ignored (agency, id and version among them), so they are allowed
        for (String input : List.of("ReportInput", "Location", "Entities", "Person", "Vehicle", "Phone", "Substance",
                "Overdose", "Marking", "Retraction")) {
            schemas.get(input).additionalPropertiesBoolean(true);
        }
        // an annotation cannot reach a list's items
        schemas.get("Marking").getProperties().get("recipients").getItems()
                .maxLength(32).pattern("^(?:" + ReportValidator.AGENCY_CODE_RULE + ")$").example("DEA");
    }

    private static Parameter ifMatch(boolean required, String what) {
        return OASFactory.createParameter().name("If-Match").in(Parameter.In.HEADER).required(required)
                .description(what + " (\"3\", W/\"3\" or 3), or * for any version. A tag naming no current "
                        + "version is a 412; one over 64 characters a 400.")
                .schema(string(RequestBodies.MAX_IF_MATCH,
                        "^\\s*(\\*|(W/)?(\"[1-9][0-9]{0,8}\"|[1-9][0-9]{0,8}))\\s*$").example("\"1\""));
    }

    private static Schema string(int maxLength, String pattern) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(maxLength).pattern(pattern);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
