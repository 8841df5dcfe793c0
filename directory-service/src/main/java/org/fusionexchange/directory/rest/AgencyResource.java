package org.fusionexchange.directory.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.directory.service.Agency;
import org.fusionexchange.directory.service.AgencyDraft;
import org.fusionexchange.directory.service.AgencyFilter;
import org.fusionexchange.directory.service.AgencyKind;
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
@SecurityRequirement(name = "SecurityScheme")
@Tag(name = "Agencies")
@APIResponse(responseCode = "401", description = "No valid bearer token, or one not meant for fusion-exchange")
@APIResponse(responseCode = "403", description = "The caller's role does not allow this, or its agency is suspended "
        + "or not in the directory")
public class AgencyResource {

    private static final int MAX_TEXT = 100;

    private final AgencyService agencies;
    private final Caller caller;

    public AgencyResource(AgencyService agencies, Caller caller) {
        this.agencies = agencies;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List agencies", description = "Ordered by code. `jurisdiction` matches by containment both "
            + "ways: US-FL finds the agencies of Florida's counties, and US-FL-12057 finds those of US-FL and US.")
    @APIResponse(responseCode = "200", description = "A page of agencies and the total")
    @APIResponse(responseCode = "400", description = "An invalid filter or page")
    public Page<Agency> list(
            @Parameter(description = "Jurisdiction code, e.g. US-FL") @QueryParam("jurisdiction") String jurisdiction,
            @Parameter(description = "Agency kind, e.g. LOCAL") @QueryParam("kind") String kind,
            @Parameter(description = "ACTIVE or SUSPENDED") @QueryParam("status") String status,
            @Parameter(description = "Text searched in code and name") @QueryParam("q") String text,
            @Parameter(description = "0-based") @QueryParam("page") @DefaultValue("0") String page,
            @Parameter(description = "1 to 500") @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) String size) {
        caller.activeAgency();
        List<Violation> violations = new ArrayList<>();
        AgencyFilter filter = filter(jurisdiction, kind, status, text, violations);
        Page.Request request = Page.Request.read(page, size, violations);
        if (!violations.isEmpty()) {
            throw new DirectoryException.Invalid(true, violations);
        }
        return new Page<>(agencies.list(filter, request.page(), request.size()), request.page(), request.size(),
                agencies.count(filter));
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "One agency", description = "The ETag is the agency's version, for If-Match on PUT.")
    @APIResponse(responseCode = "200", description = "The agency")
    @APIResponse(responseCode = "404", description = "No such agency")
    public Response get(@PathParam("code") String code) {
        caller.activeAgency();
        return withTag(Response.ok(), agencies.get(code));
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Onboard an agency", description = "Creates its Keycloak group /agencies/CODE and "
            + "publishes it to directory.agencies.")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag set")
    @APIResponse(responseCode = "400", description = "Malformed body or unknown enum value")
    @APIResponse(responseCode = "409", description = "The code exists already")
    @APIResponse(responseCode = "422", description = "The agency breaks a rule; one entry per field")
    public Response create(AgencyDraft draft, UriInfo uri) {
        caller.activeAgency();
        Agency agency = agencies.create(requireBody(draft), caller.username());
        URI location = uri.getAbsolutePathBuilder().path(agency.code()).build();
        return withTag(Response.created(location), agency);
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an agency's description", description = "Needs If-Match with the ETag read.")
    @APIResponse(responseCode = "200", description = "Updated; the new ETag")
    @APIResponse(responseCode = "404", description = "No such agency")
    @APIResponse(responseCode = "412", description = "The agency changed since it was read")
    @APIResponse(responseCode = "422", description = "The agency breaks a rule; one entry per field")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(@PathParam("code") String code,
            @Parameter(description = "The ETag of the version read") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            AgencyDraft draft) {
        caller.activeAgency();
        long expected = expectedVersion(code, ifMatch);
        return withTag(Response.ok(), agencies.update(code, requireBody(draft), expected, caller.username()));
    }

    @POST
    @Path("/{code}/suspension")
    @RolesAllowed("admin")
    @Operation(summary = "Suspend an agency", description = "Its users can no longer get tokens, and every service "
            + "refuses its tokens once the change reaches it. Suspending a suspended agency changes nothing.")
    @APIResponse(responseCode = "200", description = "The suspended agency")
    @APIResponse(responseCode = "404", description = "No such agency")
    @APIResponse(responseCode = "409", description = "An administrator's own agency")
    public Response suspend(@PathParam("code") String code) {
        String agency = caller.activeAgency();
        return withTag(Response.ok(), agencies.suspend(code, caller.username(), agency));
    }

    @DELETE
    @Path("/{code}/suspension")
    @RolesAllowed("admin")
    @Operation(summary = "Reinstate an agency", description = "Re-enables the users its suspension disabled.")
    @APIResponse(responseCode = "200", description = "The active agency")
    @APIResponse(responseCode = "404", description = "No such agency")
    public Response reinstate(@PathParam("code") String code) {
        caller.activeAgency();
        return withTag(Response.ok(), agencies.reinstate(code, caller.username()));
    }

    @GET
    @Path("/{code}/provisioning")
    @RolesAllowed("admin")
    @Operation(summary = "The agency's Keycloak provisioning state", description = "From the provisioning tasks of "
            + "the agency: `IN_SYNC` when none waits, `PENDING` when some wait and none has failed yet, `FAILING` "
            + "when a waiting task has failed at least once (the worker retries it with a growing backoff, and holds "
            + "the agency's later tasks back). `lastAction` is the newest task (waiting, else done), `lastDoneAt` "
            + "when the last task finished, `nextAttemptAt` and `attempts` those of the first waiting task. Why a "
            + "task failed is in the service's log, never here.")
    @APIResponse(responseCode = "200", description = "The state")
    @APIResponse(responseCode = "404", description = "No such agency")
    public ProvisioningState provisioning(@PathParam("code") String code) {
        caller.activeAgency();
        return agencies.provisioning(code);
    }

    /** What the republication enqueued. */
    public record Republication(int agencies) {
    }

    @POST
    @Path("/republication")
    @RolesAllowed("admin")
    @Operation(summary = "Republish every agency", description = "Enqueues a snapshot of every agency for "
            + "directory.agencies, for consumers rebuilding their view.")
    @APIResponse(responseCode = "202", description = "Enqueued; published shortly")
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
    private long expectedVersion(String code, String ifMatch) {
        if (IfMatch.absent(ifMatch)) {
            throw IfMatch.required("agency");
        }
        long current = agencies.get(code).version();
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
