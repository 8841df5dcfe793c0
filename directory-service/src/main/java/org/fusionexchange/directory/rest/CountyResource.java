package org.fusionexchange.directory.rest;

import java.net.URI;
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
import org.fusionexchange.directory.service.CountyOverride;
import org.fusionexchange.directory.service.CountyRules;
import org.fusionexchange.directory.service.CountyService;
import org.fusionexchange.directory.service.DirectoryException;
import org.fusionexchange.directory.service.SpikeThresholds;
import org.fusionexchange.directory.service.Violation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Counties' own overdose spike thresholds over HTTP: translates requests into calls on {@link CountyService} and
 * nothing more. Read like the agencies (any role of an active agency), changed by administrators only.
 */
@Path("/api/v1/counties")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "reporter", "analyst", "admin" })
@Tag(name = "Counties")
public class CountyResource {

    private static final String CODE = "County code US-XX-NNNNN: the state's two letters and the 5-digit FIPS code, "
            + "e.g. US-FL-12057";

    private final CountyService counties;
    private final Caller caller;

    public CountyResource(CountyService counties, Caller caller) {
        this.counties = counties;
        this.caller = caller;
    }

    @GET
    @Path("/spike-thresholds")
    @Operation(operationId = "listCountySpikeThresholds", summary = "List the counties with their own spike "
            + "thresholds", description = "Any role. Ordered by county code; a county not listed has alert-service's "
            + "defaults.")
    @APIResponse(responseCode = "200", description = "A page of overrides and the total")
    @APIResponse(responseCode = "400", description = "An invalid page")
    public Page<CountyOverride> list(
            @BeanParam Page.Params paging) {
        caller.activeAgency();
        List<Violation> violations = new ArrayList<>();
        Page.Request request = paging.read(violations);
        if (!violations.isEmpty()) {
            throw new DirectoryException.Invalid(true, violations);
        }
        return new Page<>(counties.list(request.page(), request.size()), request.page(), request.size(),
                counties.count());
    }

    @GET
    @Path("/{code}/spike-thresholds")
    @Operation(operationId = "getCountySpikeThresholds", summary = "A county's own spike thresholds", description =
            "Any role. `{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}`, which may be sent back as it is. The ETag is the "
            + "override's version, for If-Match on PUT and DELETE.")
    @APIResponse(responseCode = "200", description = "The county's own thresholds", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SpikeThresholds.class)))
    @APIResponse(responseCode = "400", description = "`code` is not a county code")
    @APIResponse(responseCode = "404", description = "The county has no thresholds of its own: alert-service's "
            + "defaults apply")
    public Response get(
            @Parameter(description = CODE, example = "US-FL-12057", schema = @Schema(type = SchemaType.STRING,
                    pattern = CountyRules.COUNTY_PATTERN, maxLength = 11)) @PathParam("code") String code) {
        caller.activeAgency();
        return withTag(Response.ok(), counties.get(code));
    }

    @PUT
    @Path("/{code}/spike-thresholds")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setCountySpikeThresholds", summary = "Set a county's own spike thresholds",
            description = "Administrators only. Body `{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}`: each an integer "
            + "from 1 to 10000, all three, nothing else; at most 65536 bytes. A county that has thresholds of its "
            + "own needs If-Match with the ETag read (428 without); one that has the defaults needs none (and any "
            + "If-Match is 412). Published to directory.counties.")
    @APIResponse(responseCode = "200", description = "Replaced; the new ETag", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SpikeThresholds.class)))
    @APIResponse(responseCode = "201", description = "The county had the defaults; Location and ETag set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SpikeThresholds.class)))
    @APIResponse(responseCode = "400", description = "`code` is not a county code, or the body is malformed or a "
            + "value is not an integer; one entry per field")
    @APIResponse(responseCode = "412", description = "The thresholds changed since they were read")
    @APIResponse(responseCode = "422", description = "A window is missing, out of range or unknown; one entry per "
            + "field")
    @APIResponse(responseCode = "428", description = "If-Match is missing for a county with thresholds of its own")
    public Response set(
            @Parameter(description = CODE, example = "US-FL-12057", schema = @Schema(type = SchemaType.STRING,
                    pattern = CountyRules.COUNTY_PATTERN, maxLength = 11)) @PathParam("code") String code,
            @Parameter(description = "The ETag of the thresholds read", example = "\"0\"",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IfMatch.MAX_LENGTH,
                            pattern = IfMatch.PATTERN))
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SpikeThresholds.class))) JsonNode body,
            UriInfo uri) {
        caller.activeAgency();
        CountyRules.requireCounty(code);
        IfMatch.requireWellFormed(ifMatch);
        SpikeThresholds thresholds = CountyRules.read(body);
        Long expected = expectedVersion(code, ifMatch, true);
        CountyService.Change change = counties.set(code, thresholds, expected, caller.username());
        return withTag(change.created() ? Response.created(uri.getAbsolutePath()) : Response.ok(), change.override());
    }

    @DELETE
    @Path("/{code}/spike-thresholds")
    @RolesAllowed("admin")
    @Operation(operationId = "resetCountySpikeThresholds", summary = "Return a county to the defaults",
            description = "Administrators only. Published to directory.counties as settings whose spikeThresholds is "
            + "null. If-Match is optional; when sent it must match.")
    @APIResponse(responseCode = "204", description = "The county has the defaults")
    @APIResponse(responseCode = "400", description = "`code` is not a county code")
    @APIResponse(responseCode = "404", description = "The county has the defaults already; nothing was published")
    @APIResponse(responseCode = "412", description = "The thresholds changed since they were read")
    public Response reset(
            @Parameter(description = CODE, example = "US-FL-12057", schema = @Schema(type = SchemaType.STRING,
                    pattern = CountyRules.COUNTY_PATTERN, maxLength = 11)) @PathParam("code") String code,
            @Parameter(description = "The ETag of the thresholds read", example = "\"0\"",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IfMatch.MAX_LENGTH,
                            pattern = IfMatch.PATTERN))
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        caller.activeAgency();
        CountyRules.requireCounty(code);
        counties.reset(code, expectedVersion(code, ifMatch, false), caller.username());
        return Response.noContent().build();
    }

    private static Response withTag(Response.ResponseBuilder response, CountyOverride county) {
        return response.entity(county.spikeThresholds()).tag(new EntityTag(Long.toString(county.version())))
                .build();
    }

    /**
     * The version the If-Match names, or null when there is none: for a PUT, none means the caller read the
     * defaults, and is refused (428) when the county has thresholds of its own; for a DELETE, none means whatever
     * is current. An If-Match on a county with the defaults matches nothing (412).
     */
    private Long expectedVersion(String code, String ifMatch, boolean requiredWhenOverridden) {
        Long current = counties.find(code).map(CountyOverride::version).orElse(null);
        return IfMatch.expected(ifMatch, current, requiredWhenOverridden, "spike thresholds",
                () -> DirectoryException.StaleVersion.county(code, current));
    }
}
