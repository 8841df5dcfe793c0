package org.fusionexchange.intake.rest;

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
import org.fusionexchange.intake.service.CaseReportService;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;

@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("reporter")
@Tag(name = "Case reports")
public class CaseReportResource {

    private final CaseReportService reports;
    private final Caller caller;

    public CaseReportResource(CaseReportService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    /** The caller's agency's reports, newest first. */
    @GET
    public Page<ReportSummary> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        String agency = caller.agency();
        return new Page<>(reports.listOfAgency(agency, page, size), page, size, reports.countOfAgency(agency));
    }
}
