package org.fusionexchange.directory.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@SecurityRequirement(name = "SecurityScheme")
@Tag(name = "Ignored entities")
@APIResponse(responseCode = "401", description = "No valid bearer token, or one not meant for fusion-exchange")
@APIResponse(responseCode = "403", description = "The caller is not an administrator, or its agency is suspended "
        + "or not in the directory")
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
    @Operation(summary = "List the ignored entity values", description = "Ordered by key; optionally of one kind.")
    @APIResponse(responseCode = "200", description = "A page of entries and the total")
    @APIResponse(responseCode = "400", description = "An invalid kind or page")
    public Page<IgnoredEntity> list(
            @Parameter(description = "PHONE, VIN or PLATE") @QueryParam("kind") String kind,
            @Parameter(description = "0-based") @QueryParam("page") @DefaultValue("0") String page,
            @Parameter(description = "1 to 500") @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) String size) {
        caller.activeAgency();
        List<Violation> violations = new ArrayList<>();
        EntityKind only = EnumParam.read(EntityKind.class, "kind", kind, violations).orElse(null);
        Page.Request request = Page.Request.read(page, size, violations);
        if (!violations.isEmpty()) {
            throw DirectoryException.Invalid.ignoredEntity(true, violations);
        }
        return new Page<>(entries.list(only, request.page(), request.size()), request.page(), request.size(),
                entries.count(only));
    }

    @GET
    @Path("/{key}")
    @Operation(summary = "An ignored entity value", description = "The ETag is the entry's version, for If-Match on "
            + "PUT and DELETE.")
    @APIResponse(responseCode = "200", description = "The entry")
    @APIResponse(responseCode = "400", description = "`key` is not an entity key")
    @APIResponse(responseCode = "404", description = "The value is not ignored")
    public Response get(@Parameter(description = KEY) @PathParam("key") String key) {
        caller.activeAgency();
        return withTag(Response.ok(), entries.get(IgnoredEntityRules.key(key)));
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ignore an entity value, or change why", description = "Body `{\"reason\": \"test number "
            + "used in training\"}`: 1 to 500 characters. A value already ignored needs If-Match with the ETag read "
            + "(428 without); one not ignored needs none (and any If-Match is 412). Published to "
            + "directory.ignored-entities.")
    @APIResponse(responseCode = "200", description = "Replaced; the new ETag")
    @APIResponse(responseCode = "201", description = "The value was not ignored; Location and ETag set")
    @APIResponse(responseCode = "400", description = "`key` is not an entity key, or the body is malformed or the "
            + "reason not a string; one entry per field")
    @APIResponse(responseCode = "412", description = "The entry changed since it was read")
    @APIResponse(responseCode = "422", description = "The reason is missing, blank or too long, or the body has an "
            + "unknown field; one entry per field")
    @APIResponse(responseCode = "428", description = "If-Match is missing for a value already ignored")
    public Response ignore(@Parameter(description = KEY) @PathParam("key") String key,
            @Parameter(description = "The ETag of the entry read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode body, UriInfo uri) {
        caller.activeAgency();
        EntityKey entity = IgnoredEntityRules.key(key);
        Long current = entries.find(entity).map(IgnoredEntity::version).orElse(null);
        Long expected = IfMatch.expected(ifMatch, current, true, "ignored entity",
                () -> DirectoryException.StaleVersion.ignoredEntity(entity.key(), current));
        String reason = IgnoredEntityRules.reason(body);
        IgnoredEntityService.Change change = entries.ignore(entity, reason, expected, caller.username());
        return withTag(change.created()
                ? Response.created(uri.getBaseUriBuilder().path(IgnoredEntityResource.class).path(entity.key())
                        .build())
                : Response.ok(), change.entry());
    }

    @DELETE
    @Path("/{key}")
    @Operation(summary = "Stop ignoring an entity value", description = "Needs If-Match with the ETag read. Published "
            + "to directory.ignored-entities as the entry with ignored false and the next version.")
    @APIResponse(responseCode = "204", description = "The value is no longer ignored")
    @APIResponse(responseCode = "400", description = "`key` is not an entity key")
    @APIResponse(responseCode = "404", description = "The value is not ignored; nothing was published")
    @APIResponse(responseCode = "412", description = "The entry changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response unignore(@Parameter(description = KEY) @PathParam("key") String key,
            @Parameter(description = "The ETag of the entry read") @HeaderParam(HttpHeaders.IF_MATCH)
            String ifMatch) {
        caller.activeAgency();
        EntityKey entity = IgnoredEntityRules.key(key);
        long current = entries.get(entity).version();
        long expected = IfMatch.expected(ifMatch, current, true, "ignored entity",
                () -> DirectoryException.StaleVersion.ignoredEntity(entity.key(), current));
        entries.unignore(entity, expected, caller.username());
        return Response.noContent().build();
    }

    private static Response withTag(Response.ResponseBuilder response, IgnoredEntity entry) {
        return response.entity(entry).tag(new EntityTag(Long.toString(entry.version()))).build();
    }
}
