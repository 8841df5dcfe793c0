package org.fusionexchange.directory.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import org.fusionexchange.directory.service.AgencyRules;
import org.fusionexchange.directory.service.JurisdictionCode;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The parts of the OpenAPI document that every operation shares, added at build time so that the document says
 * what the service does: the problem+json schema on every error answer; the answers every /api operation can give
 * (401, 403, 429 of the quota, 500, 503 while the database is away; 400, 413 and 415 where a body is sent); the
 * RateLimit headers on every 2xx and 4xx answer and Retry-After on 429 and 503; the servers, and the bearer scheme.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String CORS = "Access-Control-Allow-Origin";
    private static final String PLAIN_TEXT = AgencyRules.PLAIN_TEXT_PATTERN;
    private static final Map<String, String> SHARED = Map.of(
            "400", "The request is malformed: a parameter or the body cannot be read; one entry per field in `errors`",
            "401", "No valid bearer token, or one not meant for fusion-exchange. Counted against the client "
                    + "address's quota (policy \"address\")",
            "403", "The caller's role does not allow this, or its agency is suspended (`agency-suspended`) or not in "
                    + "the directory (`unknown-agency`)",
            "413", "The body is over 65536 bytes",
            "415", "The body is not application/json",
            "429", "The agency (or, without a valid token, the client address) is over its request quota; nothing "
                    + "was read or stored. Retry after Retry-After seconds",
            "500", "An unexpected failure; nothing is said about its cause",
            "503", "The directory's database is unavailable; nothing was changed. Retry after Retry-After seconds");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.setServers(List.of(OASFactory.createServer().url("/")
                .description("This deployment (local, test, staging or production): the API is served on the host "
                        + "and port that served this document, behind TLS in production")
                .addExtension("x-internal", false)));
        components(api);
        Schema instant = api.getComponents().getSchemas().get("Instant");
        if (instant != null) {
            instant.format("date-time").maxLength(30).description("An ISO-8601 instant, UTC");
            // a nullable instant is anyOf(Instant, null): its own type needs the format too
            api.getComponents().getSchemas().values().stream().filter(s -> s.getProperties() != null)
                    .flatMap(s -> s.getProperties().values().stream())
                    .filter(p -> p.getAnyOf() != null && p.getAnyOf().stream()
                            .anyMatch(a -> "#/components/schemas/Instant".equals(a.getRef())))
                    .forEach(p -> p.format("date-time"));
        }
        // what a GET answered may be sent back: those fields are read and ignored, whatever their value
        ignored(api, "AgencyDraft", List.of("status", "createdAt", "updatedAt", "version"));
        ignored(api, "Reason", List.of("key", "kind", "value", "plateState", "version", "updatedAt", "updatedBy"));
        // item constraints, which annotations on the records' List<String> cannot carry
        for (String agency : List.of("Agency", "AgencyDraft")) {
            Schema schema = api.getComponents().getSchemas().get(agency);
            items(schema, "jurisdictions", JurisdictionCode.PATTERN, JurisdictionCode.MAX_LENGTH, "US-FL-12057");
            items(schema, "members", AgencyRules.CODE_PATTERN, 32, "HCSO");
        }
        api.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ApiDocumentFilter::answers);
            }
        });
    }

    private static void components(OpenAPI api) {
        api.getComponents().getSecuritySchemes().values().forEach(scheme -> {
            if (scheme.getType() == SecurityScheme.Type.HTTP) {
                scheme.description("A bearer access token (JWT, RS256) of the Keycloak realm `fusion` with the "
                        + "audience `fusion-exchange`, whose `agency` claim names an active agency of the directory. "
                        + "Tokens are validated following the JWT best current practices of RFC8725: the signature "
                        + "with the realm's published keys only (no `alg: none`, no introspection of unknown keys), "
                        + "the issuer, the audience and the expiry. The roles (`reporter`, `analyst`, `admin`) are "
                        + "the token's realm roles.");
            }
        });
        api.getComponents()
                .addSchema("Problem", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                        .description("An RFC 9457 problem detail")
                        .required(List.of("type", "title", "status"))
                        .properties(new TreeMap<>(Map.of(
                                "type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                                        .maxLength(200).description("https://fusion-exchange.org/problems/<slug>"),
                                "title", OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(100)
                                        .pattern(PLAIN_TEXT),
                                "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                                        .format("int32").minimum(java.math.BigDecimal.valueOf(400))
                                        .maximum(java.math.BigDecimal.valueOf(599)),
                                "detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(8192),
                                "instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                                        .maxLength(8192).description("The request's URI"),
                                "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).maxItems(1000)
                                        .description("One entry per offending field")
                                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError"))))))
                .addSchema("FieldError", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                        .required(List.of("pointer", "detail"))
                        .properties(new TreeMap<>(Map.of(
                                "pointer", OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(65536)
                                        .pattern("^(/.*|[A-Za-z-]*)$")
                                        .description("A JSON pointer into the body (`/quota/burst`), or the query "
                                                + "or path parameter's name; empty for the whole body"),
                                "detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                        .maxLength(1000)))))
                .addHeader("RateLimit-Policy", header("The quota that applies "
                        + "(draft-ietf-httpapi-ratelimit-headers-10, a Structured Field): "
                        + "`\"agency\";q=<burst>;w=<seconds to refill the burst>`, or "
                        + "`\"address\"` for requests without a valid token. Absent when the caller is not limited",
                        "^\"(agency|address)\";q=[0-9]{1,6};w=[0-9]{1,6}$"))
                .addHeader("RateLimit", header("The quota's state (draft-ietf-httpapi-ratelimit-headers-10): "
                        + "`\"agency\";r=<whole requests left>;t=<seconds until the bucket is full again>`. Absent "
                        + "when the caller is not limited", "^\"(agency|address)\";r=[0-9]{1,6};t=[0-9]{1,6}$"))
                .addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before retrying (at least 1)")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                                .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(86400))))
                .addHeader(CORS, OASFactory.createHeader().description("Sent to the web console's origin only (CORS)")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                                .maxLength(2048)));
    }

    private static void ignored(OpenAPI api, String schema, List<String> fields) {
        Schema body = api.getComponents().getSchemas().get(schema);
        fields.forEach(field -> body.addProperty(field, OASFactory.createSchema()
                .description("Ignored, whatever its value: a GET's answer may be sent back as it is")));
    }

    private static void items(Schema schema, String property, String pattern, int maxLength, String example) {
        schema.getProperties().get(property).items(OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .pattern(pattern).maxLength(maxLength).examples(List.of(example)));
    }

    private static Header header(String description, String pattern) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(40).pattern(pattern));
    }

    private static void answers(Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        for (String status : List.of("401", "403", "429", "500", "503")) {
            shared(responses, status);
        }
        if (body) {
            for (String status : List.of("400", "413", "415")) {
                shared(responses, status);
            }
        }
        responses.getAPIResponses().forEach((status, response) -> {
            int code = Integer.parseInt(status);
            if (code >= 400) {
                response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
            }
            if (code < 500) {
                headerRef(response, "RateLimit-Policy");
                headerRef(response, "RateLimit");
            }
            if (code == 429 || code == 503) {
                headerRef(response, "Retry-After");
            }
            if (code != 500) {
                headerRef(response, CORS);
            }
        });
    }

    /** The shared answer; Quarkus's own 401 and 403 ("Not Authorized", "Not Allowed") get this service's words. */
    private static void shared(APIResponses responses, String status) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(SHARED.get(status)));
        } else if (status.equals("401") || status.equals("403")) {
            response.description(SHARED.get(status));
        }
    }

    private static void headerRef(APIResponse response, String name) {
        response.addHeader(name, OASFactory.createHeader().ref("#/components/headers/" + name));
    }
}
