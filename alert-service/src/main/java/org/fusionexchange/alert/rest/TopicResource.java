package org.fusionexchange.alert.rest;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.service.AlertTopic;

@Path("/api/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("analyst")
@Tag(name = "Topics")
public class TopicResource {

    private final Caller caller;

    public TopicResource(Caller caller) {
        this.caller = caller;
    }

    /** An alert topic as listed. */
    public record Topic(String id, String reportType, String description) {
    }

    @GET
    public List<Topic> list() {
        caller.agency();
        return Arrays.stream(AlertTopic.values())
                .map(t -> new Topic(t.id(), t.reportType(), t.description()))
                .toList();
    }
}
