package org.fusionexchange.directory.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.directory.service.AgencyRules;
import org.fusionexchange.directory.service.DirectoryException;
import org.fusionexchange.directory.service.EntityKey;
import org.fusionexchange.directory.service.EntityKind;
import org.fusionexchange.directory.service.IgnoredEntity;
import org.fusionexchange.directory.service.IgnoredEntityRules;
import org.fusionexchange.directory.service.IgnoredEntityService;
import org.fusionexchange.directory.service.Violation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ignore list of entity values over HTTP: translates requests into calls on {@link IgnoredEntityService} and
 * nothing more. Administrators only, reads included: the list says which values the exchange does not correlate.
 */
@Path("/api/v1/ignored-entities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Ignored entities")
public class IgnoredEntityResource {

    private static final String KEY = "The entity key: phone:+18135550100 (E.164), vin:1HGCM82633A004352 or "
            + "plate:US-FL:ABC123 (ISO 3166-2 subdivision, then the plate without spaces or dashes); a VIN or plate "
            + "may be in lower case";

    private final IgnoredEntityService entries;
    private final Caller caller;

    public IgnoredEntityResource(IgnoredEntityService entries, Caller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listIgnoredEntities", summary = "List the ignored entity values", description =
            "Administrators only. Ordered by key; optionally of one kind.")
    @APIResponse(responseCode = "200", description = "A page of entries and the total")
    @APIResponse(responseCode = "400", description = "An invalid kind or page")
    public Page<IgnoredEntity> list(
            @Parameter(description = "The kind, in either case", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "PHONE", "VIN", "PLATE", "phone", "vin", "plate" }))
            @QueryParam("kind") String kind,
            @BeanParam Page.Params paging) {
        caller.activeAgency();
        List<Violation> violations = new ArrayList<>();
        EntityKind only = EnumParam.read(EntityKind.class, "kind", kind, violations).orElse(null);
        Page.Request request = paging.read(violations);
        if (!violations.isEmpty()) {
            throw DirectoryException.Invalid.ignoredEntity(true, violations);
        }
        return new Page<>(entries.list(only, request.page(), request.size()), request.page(), request.size(),
                entries.count(only));
    }

    @GET
    @Path("/{key}")
    @Operation(operationId = "getIgnoredEntity", summary = "An ignored entity value", description = "Administrators "
            + "only. The ETag is the entry's version, for If-Match on PUT and DELETE.")
    @APIResponse(responseCode = "200", description = "The entry", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IgnoredEntity.class)))
    @APIResponse(responseCode = "400", description = "`key` is not an entity key")
    @APIResponse(responseCode = "404", description = "The value is not ignored")
    public Response get(
            @Parameter(description = KEY, example = "phone:+18135550100",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 40,
                            pattern = IgnoredEntityRules.KEY_PATTERN))
            @PathParam("key") String key) {
        caller.activeAgency();
        return withTag(Response.ok(), entries.get(IgnoredEntityRules.key(key)));
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ignoreEntity", summary = "Ignore an entity value, or change why", description =
            "Administrators only. Body `{\"reason\": \"test number used in training\"}`: 1 to 500 characters, at most "
            + "65536 bytes. A value already ignored needs If-Match with the ETag read (428 without); one not ignored "
            + "needs none (and any If-Match is 412). Published to directory.ignored-entities.")
    @APIResponse(responseCode = "200", description = "Replaced; the new ETag", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IgnoredEntity.class)))
    @APIResponse(responseCode = "201", description = "The value was not ignored; Location and ETag set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IgnoredEntity.class)))
    @APIResponse(responseCode = "400", description = "`key` is not an entity key, or the body is malformed or the "
            + "reason not a string; one entry per field")
    @APIResponse(responseCode = "412", description = "The entry changed since it was read")
    @APIResponse(responseCode = "422", description = "The reason is missing, blank or too long, or the body has an "
            + "unknown field; one entry per field")
    @APIResponse(responseCode = "428", description = "If-Match is missing for a value already ignored")
    public Response ignore(
            @Parameter(description = KEY, example = "phone:+18135550100",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 40,
                            pattern = IgnoredEntityRules.KEY_PATTERN))
            @PathParam("key") String key,
            @Parameter(description = "The ETag of the entry read", example = "\"0\"",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IfMatch.MAX_LENGTH,
                            pattern = IfMatch.PATTERN))
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Reason.class))) JsonNode body,
            UriInfo uri) {
        caller.activeAgency();
        EntityKey entity = IgnoredEntityRules.key(key);
        IfMatch.requireWellFormed(ifMatch);
        String reason = IgnoredEntityRules.reason(body);
        Long current = entries.find(entity).map(IgnoredEntity::version).orElse(null);
        Long expected = IfMatch.expected(ifMatch, current, true, "ignored entity",
                () -> DirectoryException.StaleVersion.ignoredEntity(entity.key(), current));
        IgnoredEntityService.Change change = entries.ignore(entity, reason, expected, caller.username());
        return withTag(change.created()
                ? Response.created(uri.getBaseUriBuilder().path(IgnoredEntityResource.class).path(entity.key())
                        .build())
                : Response.ok(), change.entry());
    }

    @DELETE
    @Path("/{key}")
    @Operation(operationId = "unignoreEntity", summary = "Stop ignoring an entity value", description =
            "Administrators only. Needs If-Match with the ETag read. Published to directory.ignored-entities as the "
            + "entry with ignored false and the next version.")
    @APIResponse(responseCode = "204", description = "The value is no longer ignored")
    @APIResponse(responseCode = "400", description = "`key` is not an entity key")
    @APIResponse(responseCode = "404", description = "The value is not ignored; nothing was published")
    @APIResponse(responseCode = "412", description = "The entry changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response unignore(
            @Parameter(description = KEY, example = "phone:+18135550100",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 40,
                            pattern = IgnoredEntityRules.KEY_PATTERN))
            @PathParam("key") String key,
            @Parameter(description = "The ETag of the entry read", example = "\"0\"",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IfMatch.MAX_LENGTH,
                            pattern = IfMatch.PATTERN))
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        caller.activeAgency();
        EntityKey entity = IgnoredEntityRules.key(key);
        long current = entries.get(entity).version();
        long expected = IfMatch.expected(ifMatch, current, true, "ignored entity",
                () -> DirectoryException.StaleVersion.ignoredEntity(entity.key(), current));
        entries.unignore(entity, expected, caller.username());
        return Response.noContent().build();
    }

    /** The body of a PUT, for the OpenAPI document: read by {@link IgnoredEntityRules#reason}. */
    @Schema(description = "Why the value is ignored; the other fields of a GET's answer may be sent back and are "
            + "ignored")
    record Reason(@Schema(required = true, minLength = 1, maxLength = IgnoredEntityRules.MAX_REASON,
            pattern = AgencyRules.PLAIN_TEXT_PATTERN, example = "test number used in training")
            String reason) {
    }

    private static Response withTag(Response.ResponseBuilder response, IgnoredEntity entry) {
        return response.entity(entry).tag(new EntityTag(Long.toString(entry.version()))).build();
    }
}
