package org.fusionexchange.alert.rest;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.service.AlertTopic;

import com.fasterxml.jackson.annotation.JsonInclude;

@Path("/api/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("analyst")
@Tag(name = "Topics")
public class TopicResource {

    private final Caller caller;

    public TopicResource(Caller caller) {
        this.caller = caller;
    }

    /** An alert topic as listed; without a reportType when the exchange finds its alerts itself. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Topic(
            @Schema(implementation = AlertTopic.Id.class) String id,
            @Schema(description = "The report type whose reports give this topic's alerts; absent for what the "
                    + "exchange finds itself", enumeration = { "OVERDOSE", "DRUG_SEIZURE", "TRAFFICKING",
                            "SUSPICIOUS_ACTIVITY", "OFFICER_SAFETY" }) String reportType,
            @Schema(maxLength = 200) String description) {
    }

    @GET
    @Operation(operationId = "listTopics", summary = "The alert topics",
            description = "Every topic an analyst may subscribe to or filter on, in a fixed order: the five report "
                    + "types' topics, then what the exchange finds itself (overdose spikes, entity matches).")
    @APIResponse(responseCode = "200", description = "The topics", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, maxItems = 7,
                    implementation = Topic.class)))
    public List<Topic> list() {
        caller.agency();
        return Arrays.stream(AlertTopic.values())
                .map(t -> new Topic(t.id(), t.reportType(), t.description()))
                .toList();
    }
}
