package org.fusionexchange.alert.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.service.Alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.fusionexchange.alert.repository.CommonValueRepository;
import org.fusionexchange.alert.repository.CommonValueRepository.CommonValue;

/**
 * Entity values too common to match, for administrators: candidates for the directory's ignore list
 * ({@code PUT /api/v1/ignored-entities/{key}} in directory-service). Each gives the value and how many reports held it
 * within the window, never which reports or agencies.
 */
@Path("/api/v1/entity-values/common")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Entity matches")
public class EntityValueResource {

    private final CommonValueRepository common;
    private final Caller caller;

    public EntityValueResource(CommonValueRepository common, Caller caller) {
        this.common = common;
        this.caller = caller;
    }

    /** A candidate as listed: with its key, as the directory's ignore list takes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(
            @Schema(description = "phone:<E.164>, vin:<VIN> or plate:<state>:<plate>, as the ignore list takes it",
                    maxLength = 64) String key,
            @Schema(enumeration = { "PHONE", "VIN", "PLATE" }) String kind,
            @Schema(maxLength = 40) String value,
            @Schema(maxLength = 16) String plateState,
            @Schema(minimum = "0", maximum = Alert.MAX_INT) int reports,
            java.time.Instant firstSeen, java.time.Instant lastSeen) {
        static Candidate of(CommonValue v) {
            String key = switch (v.kind()) {
                case "PHONE" -> "phone:" + v.value();
                case "VIN" -> "vin:" + v.value();
                default -> "plate:" + v.plateState() + ":" + v.value();
            };
            return new Candidate(key, v.kind(), v.value(), v.plateState(), v.reports(), v.firstSeen(), v.lastSeen());
        }
    }

    @GET
    @Operation(operationId = "listCommonEntityValues",
            summary = "Entity values seen in more reports than the limit within the window, most recent first",
            description = "Such a value starts no new entity match. Administrators put the ones that mean nothing "
                    + "(a test number, UNKNOWN) on the directory's ignore list by their key.")
    @APIResponse(responseCode = "200", description = "The most recently seen candidates, at most size")
    @APIResponse(responseCode = "400", description = "A malformed size")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator")
    public Page<Candidate> list(
            @Parameter(description = "How many", schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1",
                    maximum = "" + Page.MAX_SIZE, defaultValue = Page.DEFAULT_SIZE))
            @QueryParam("size") String size) {
        caller.agency();
        RequestParameters params = new RequestParameters();
        int limit = params.size(size);
        params.check();
        List<Candidate> items = common.latest(limit).stream().map(Candidate::of).toList();
        return new Page<>(items, null, limit, null, null);
    }
}
