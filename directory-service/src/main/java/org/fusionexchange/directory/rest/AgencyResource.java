package org.fusionexchange.directory.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.fusionexchange.directory.service.Agency;
import org.fusionexchange.directory.service.AgencyDraft;
import org.fusionexchange.directory.service.AgencyFilter;
import org.fusionexchange.directory.service.AgencyKind;
import org.fusionexchange.directory.service.AgencyRules;
import org.fusionexchange.directory.service.AgencyService;
import org.fusionexchange.directory.service.AgencyStatus;
import org.fusionexchange.directory.service.DirectoryException;
import org.fusionexchange.directory.service.JurisdictionCode;
import org.fusionexchange.directory.service.ProvisioningState;
import org.fusionexchange.directory.service.Violation;

/** The agency directory over HTTP: translates requests into calls on {@link AgencyService} and nothing more. */
@Path("/api/v1/agencies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "reporter", "analyst", "admin" })
@Tag(name = "Agencies")
public class AgencyResource {

    private static final int MAX_TEXT = 100;
    private static final String CODE = "The agency code";

    private final AgencyService agencies;
    private final Caller caller;

    public AgencyResource(AgencyService agencies, Caller caller) {
        this.agencies = agencies;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listAgencies", summary = "List agencies", description = "Any role. Ordered by code. "
            + "`jurisdiction` matches by containment both ways: US-FL finds the agencies of Florida's counties, and "
            + "US-FL-12057 finds those of US-FL and US. The page must end before item 2147483647.")
    @APIResponse(responseCode = "200", description = "A page of agencies and the total")
    @APIResponse(responseCode = "400", description = "An invalid filter or page; one entry per parameter")
    public Page<Agency> list(
            @Parameter(description = "Jurisdiction code", example = "US-FL", schema = @Schema(type = SchemaType.STRING,
                    pattern = JurisdictionCode.PATTERN, maxLength = JurisdictionCode.MAX_LENGTH))
            @QueryParam("jurisdiction") String jurisdiction,
            @Parameter(description = "Agency kind, in either case", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "FEDERAL", "STATE", "LOCAL", "TRIBAL", "FUSION_CENTER", "TASK_FORCE",
                        "INTERNATIONAL", "federal", "state", "local", "tribal", "fusion_center", "task_force",
                        "international" }))
            @QueryParam("kind") String kind,
            @Parameter(description = "Status, in either case", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "ACTIVE", "SUSPENDED", "active", "suspended" }))
            @QueryParam("status") String status,
            @Parameter(description = "Text searched in code and name, case-insensitively; no control characters",
                    example = "Tampa", schema = @Schema(type = SchemaType.STRING, maxLength = MAX_TEXT,
                    pattern = AgencyRules.PLAIN_TEXT_PATTERN)) @QueryParam("q") String text,
            @BeanParam Page.Params paging) {
        caller.activeAgency();
        List<Violation> violations = new ArrayList<>();
        AgencyFilter filter = filter(jurisdiction, kind, status, text, violations);
        Page.Request request = paging.read(violations);
        if (!violations.isEmpty()) {
            throw new DirectoryException.Invalid(true, violations);
        }
        return new Page<>(agencies.list(filter, request.page(), request.size()), request.page(), request.size(),
                agencies.count(filter));
    }

    @GET
    @Path("/{code}")
    @Operation(operationId = "getAgency", summary = "One agency", description = "Any role. The ETag is the "
            + "agency's version, for If-Match on PUT.")
    @APIResponse(responseCode = "200", description = "The agency; ETag its version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Agency.class)))
    @APIResponse(responseCode = "404", description = "No such agency")
    public Response get(
            @Parameter(description = CODE, example = "TAMPA-PD", schema = @Schema(type = SchemaType.STRING,
                    pattern = AgencyRules.CODE_PATTERN, maxLength = 32)) @PathParam("code") String code) {
        caller.activeAgency();
        return withTag(Response.ok(), agencies.get(code));
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createAgency", summary = "Onboard an agency", description = "Administrators only. "
            + "Creates its Keycloak group /agencies/CODE and publishes it to directory.agencies. `quota` sets the "
            + "agency's request quota in every service's /api (null: each service's default). The body is at most "
            + "65536 bytes.")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag set", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Agency.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, a value of the wrong JSON type, or an unknown "
            + "enum value; one entry per field")
    @APIResponse(responseCode = "409", description = "The code exists already")
    @APIResponse(responseCode = "422", description = "The agency breaks a rule; one entry per field")
    public Response create(@RequestBody(required = true) AgencyDraft draft, UriInfo uri) {
        caller.activeAgency();
        Agency agency = agencies.create(requireBody(draft), caller.username());
        URI location = uri.getAbsolutePathBuilder().path(agency.code()).build();
        return withTag(Response.created(location), agency);
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateAgency", summary = "Replace an agency's description",
            description = "Administrators only. Needs If-Match with the ETag read (`\"3\"`, `W/\"3\"` or `*`). "
            + "`quota` sets or (null) clears the agency's request quota; it applies in this service from the next "
            + "request. The body is at most 65536 bytes.")
    @APIResponse(responseCode = "200", description = "Updated; the new ETag", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Agency.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, a value of the wrong JSON type, or an unknown "
            + "enum value; one entry per field")
    @APIResponse(responseCode = "404", description = "No such agency")
    @APIResponse(responseCode = "412", description = "The agency changed since it was read")
    @APIResponse(responseCode = "422", description = "The agency breaks a rule; one entry per field")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(
            @Parameter(description = CODE, example = "TAMPA-PD", schema = @Schema(type = SchemaType.STRING,
                    pattern = AgencyRules.CODE_PATTERN, maxLength = 32)) @PathParam("code") String code,
            @Parameter(description = "The ETag of the version read", example = "\"0\"",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IfMatch.MAX_LENGTH,
                            pattern = IfMatch.PATTERN)) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(required = true) AgencyDraft draft) {
        caller.activeAgency();
        IfMatch.requireWellFormed(ifMatch);
        long current = agencies.get(code).version();
        // what is wrong with the body is said before whether the version matches (428, 412)
        agencies.checkReplacement(code, requireBody(draft));
        long expected = expectedVersion(code, ifMatch, current);
        return withTag(Response.ok(), agencies.update(code, draft, expected, caller.username()));
    }

    @POST
    @Path("/{code}/suspension")
    @RolesAllowed("admin")
    @Operation(operationId = "suspendAgency", summary = "Suspend an agency", description = "Administrators only. "
            + "Its users can no longer get tokens, and every service refuses its tokens once the change reaches it. "
            + "Suspending a suspended agency changes nothing.")
    @APIResponse(responseCode = "200", description = "The suspended agency", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Agency.class)))
    @APIResponse(responseCode = "404", description = "No such agency")
    @APIResponse(responseCode = "409", description = "An administrator's own agency")
    public Response suspend(
            @Parameter(description = CODE, example = "TAMPA-PD", schema = @Schema(type = SchemaType.STRING,
                    pattern = AgencyRules.CODE_PATTERN, maxLength = 32)) @PathParam("code") String code) {
        String agency = caller.activeAgency();
        return withTag(Response.ok(), agencies.suspend(code, caller.username(), agency));
    }

    @DELETE
    @Path("/{code}/suspension")
    @RolesAllowed("admin")
    @Operation(operationId = "reinstateAgency", summary = "Reinstate an agency", description = "Administrators only. "
            + "Re-enables the users its suspension disabled.")
    @APIResponse(responseCode = "200", description = "The active agency", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Agency.class)))
    @APIResponse(responseCode = "404", description = "No such agency")
    public Response reinstate(
            @Parameter(description = CODE, example = "TAMPA-PD", schema = @Schema(type = SchemaType.STRING,
                    pattern = AgencyRules.CODE_PATTERN, maxLength = 32)) @PathParam("code") String code) {
        caller.activeAgency();
        return withTag(Response.ok(), agencies.reinstate(code, caller.username()));
    }

    @GET
    @Path("/{code}/provisioning")
    @RolesAllowed("admin")
    @Operation(operationId = "getAgencyProvisioning", summary = "The agency's Keycloak provisioning state",
            description = "Administrators only. From the provisioning tasks of "
            + "the agency: `IN_SYNC` when none waits, `PENDING` when some wait and none has failed yet, `FAILING` "
            + "when a waiting task has failed at least once (the worker retries it with a growing backoff, and holds "
            + "the agency's later tasks back). `lastAction` is the newest task (waiting, else done), `lastDoneAt` "
            + "when the last task finished, `nextAttemptAt` and `attempts` those of the first waiting task. Why a "
            + "task failed is in the service's log, never here.")
    @APIResponse(responseCode = "200", description = "The state")
    @APIResponse(responseCode = "404", description = "No such agency")
    public ProvisioningState provisioning(
            @Parameter(description = CODE, example = "TAMPA-PD", schema = @Schema(type = SchemaType.STRING,
                    pattern = AgencyRules.CODE_PATTERN, maxLength = 32)) @PathParam("code") String code) {
        caller.activeAgency();
        return agencies.provisioning(code);
    }

    /** What the republication enqueued. */
    public record Republication(@Schema(required = true, minimum = "0", maximum = "2147483647") int agencies) {
    }

    @POST
    @Path("/republication")
    @RolesAllowed("admin")
    @Operation(operationId = "republishAgencies", summary = "Republish every agency", description = "Administrators "
            + "only. Enqueues a snapshot of every agency for directory.agencies, for consumers rebuilding their view.")
    @APIResponse(responseCode = "202", description = "Enqueued; published shortly", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Republication.class)))
    public Response republish() {
        caller.activeAgency();
        return Response.accepted(new Republication(agencies.republishAll(caller.username()))).build();
    }

    private static Response withTag(Response.ResponseBuilder response, Agency agency) {
        return response.entity(agency).tag(new EntityTag(Long.toString(agency.version()))).build();
    }

    private static AgencyDraft requireBody(AgencyDraft draft) {
        if (draft == null) {
            throw new DirectoryException.Invalid(true, List.of(new Violation("", "a JSON body is required")));
        }
        return draft;
    }

    /** The version the If-Match names: "3", W/"3", or * for whatever is current. */
    private static long expectedVersion(String code, String ifMatch, long current) {
        if (IfMatch.absent(ifMatch)) {
            throw IfMatch.required("agency");
        }
        if (!IfMatch.matches(ifMatch, current)) {
            throw new DirectoryException.StaleVersion(code, current);
        }
        return current;
    }

    private static AgencyFilter filter(String jurisdiction, String kind, String status, String text,
            List<Violation> violations) {
        Optional<String> j = Optional.ofNullable(jurisdiction).filter(s -> !s.isBlank());
        j.map(JurisdictionCode::problem).ifPresent(p -> violations.add(new Violation("jurisdiction", p)));
        Optional<AgencyKind> k = EnumParam.read(AgencyKind.class, "kind", kind, violations);
        Optional<AgencyStatus> s = EnumParam.read(AgencyStatus.class, "status", status, violations);
        Optional<String> q = Optional.ofNullable(text).map(String::strip).filter(t -> !t.isEmpty());
        if (q.filter(t -> t.length() > MAX_TEXT).isPresent()) {
            violations.add(new Violation("q", "must be at most " + MAX_TEXT + " characters"));
        }
        if (q.filter(t -> t.chars().anyMatch(Character::isISOControl)).isPresent()) {
            violations.add(new Violation("q", "must not contain control characters"));
        }
        return new AgencyFilter(j, k, s, q);
    }
}
