package org.fusionexchange.directory.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.directory.service.AgencyService;
import org.fusionexchange.directory.service.AgencyService.Agency;

@Path("/api/v1/agencies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "reporter", "analyst", "admin" })
@Tag(name = "Agencies")
public class AgencyResource {

    private final AgencyService agencies;

    public AgencyResource(AgencyService agencies) {
        this.agencies = agencies;
    }

    /** The agencies of the directory, by code. */
    @GET
    public Page<Agency> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return new Page<>(agencies.list(page, size), page, size, agencies.count());
    }
}
