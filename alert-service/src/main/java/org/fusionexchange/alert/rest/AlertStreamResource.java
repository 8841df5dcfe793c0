package org.fusionexchange.alert.rest;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.AlertService;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.StreamFilter;
import org.fusionexchange.alert.service.SubscriptionService;
import org.fusionexchange.alert.tracing.AlertTraces;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** The live Server-Sent Events stream of the caller agency's alerts. */
@Path("/api/v1/alerts/stream")
@RolesAllowed("analyst")
@Tag(name = "Alerts")
public class AlertStreamResource {

    private final Caller caller;
    private final SubscriptionService subscriptions;
    private final AlertService alerts;
    private final LiveAlerts live;
    private final AlertConfig config;
    private final ObjectMapper json;
    private final Streams streams;
    private final DirectoryView directory;
    private final CapAlerts cap;
    private final AlertTraces traces;

    public AlertStreamResource(Caller caller, SubscriptionService subscriptions, AlertService alerts, LiveAlerts live,
            AlertConfig config, ObjectMapper json, Streams streams, DirectoryView directory, CapAlerts cap,
            AlertTraces traces) {
        this.caller = caller;
        this.subscriptions = subscriptions;
        this.alerts = alerts;
        this.live = live;
        this.config = config;
        this.json = json;
        this.streams = streams;
        this.directory = directory;
        this.cap = cap;
        this.traces = traces;
    }

    /** How many {@code topics} values, and how long each, a stream may be asked for. */
    static final int MAX_TOPICS_VALUES = 7;
    static final int MAX_TOPICS_LENGTH = 150;

    /** An SSE event id: the alert's seq, a non-negative integer, as SSE sends it (text). */
    @Schema(name = "EventId", type = SchemaType.STRING, maxLength = 19, pattern = "^[0-9]{1,19}$", example = "42")
    interface EventId {
    }

    /** One value of {@code topics}: topic ids, comma-separated. */
    @Schema(type = SchemaType.STRING, maxLength = MAX_TOPICS_LENGTH, pattern = "^(" + TOPIC_IDS + ")(,(" + TOPIC_IDS
            + "))*$", example = "overdose,drug-seizure")
    interface TopicList {
    }

    private static final String TOPIC_IDS =
            "overdose|drug-seizure|trafficking|suspicious-activity|officer-safety|overdose-spike|entity-match";

    /** What each event's data is: the alert's JSON, or the alert as a CAP 1.2 XML document. */
    static final String FORMAT_JSON = "json";
    static final String FORMAT_CAP_XML = "cap-xml";

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamAlerts",
            summary = "Live alerts of the agency as Server-Sent Events (event name alert, id = the alert's seq)",
            description = "Counts once against the agency's request quota, when it opens. With Last-Event-ID (or "
                    + "lastEventId), first replays every alert after that id, then goes "
                    + "on live, with no gap and no duplicate. Without topics, follows the analyst's saved "
                    + "subscriptions (all topics when there are none). A comment line is sent as a heartbeat. The "
                    + "stream ends when the token expires (reconnect with a fresh token and Last-Event-ID) and when "
                    + "the agency is suspended. With format=cap-xml each event's data is the alert as an OASIS CAP 1.2 "
                    + "XML document on one line (the same document as GET /api/v1/alerts/{id} with Accept: "
                    + "application/cap+xml); ids, filters and resumption are the same. At most "
                    + "alert.stream.max-per-user (5) streams per analyst and alert.stream.max-per-agency (100) per "
                    + "agency on one instance.")
    @APIResponse(responseCode = "200", description = "The stream: `event: alert`, `id:` the alert's seq, `data:` the "
            + "alert's JSON (the Alert schema) or its CAP 1.2 document on one line; comment lines as heartbeats",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "400", description = "A malformed topics, format or last event id, named by the "
            + "pointer of its error")
    @APIResponse(responseCode = "429", description = "Over the agency's request quota, or as many streams open as "
            + "allowed for the user or the agency")
    public void stream(
            @Parameter(description = "Topic ids, comma-separated or repeated (at most " + MAX_TOPICS_VALUES
                    + " values)", schema = @Schema(type = SchemaType.ARRAY, maxItems = MAX_TOPICS_VALUES,
                            implementation = TopicList.class))
            @QueryParam("topics") List<String> topics,
            @Parameter(description = "Alternative to the Last-Event-ID header: the id of the last event received",
                    schema = @Schema(implementation = EventId.class))
            @QueryParam("lastEventId") String lastEventIdParam,
            @Parameter(description = "The events' data: the alert's JSON (json, the default) or the alert as an "
                    + "OASIS CAP 1.2 XML document on one line (cap-xml)",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { FORMAT_JSON, FORMAT_CAP_XML },
                            defaultValue = FORMAT_JSON))
            @QueryParam("format") String format,
            @Parameter(description = "The id of the last event received: the stream resumes after it",
                    schema = @Schema(implementation = EventId.class))
            @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServerResponse response) {
        String agency = caller.agency();
        RequestParameters params = new RequestParameters();
        if (topics.size() > MAX_TOPICS_VALUES || topics.stream().anyMatch(t -> t.length() > MAX_TOPICS_LENGTH)) {
            params.error("topics", "at most " + MAX_TOPICS_VALUES + " values of at most " + MAX_TOPICS_LENGTH
                    + " characters each");
            topics = List.of();
        }
        Set<String> topicIds = new LinkedHashSet<>();
        topics.stream().flatMap(t -> Arrays.stream(t.split(","))).map(String::trim).filter(t -> !t.isEmpty())
                .forEach(topicIds::add);
        topicIds.stream().filter(t -> AlertTopic.byId(t).isEmpty()).findFirst()
                .ifPresent(t -> params.error("topics", "unknown topic " + t + " (GET /api/v1/topics)"));
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader
                : lastEventIdParam;
        Long after = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            after = params.sequence(lastEventIdHeader != null ? "Last-Event-ID" : "lastEventId", lastEventId);
        }
        boolean capXml = FORMAT_CAP_XML.equals(format);
        if (format != null && !format.isEmpty() && !capXml && !FORMAT_JSON.equals(format)) {
            params.error("format", "must be " + FORMAT_JSON + " or " + FORMAT_CAP_XML);
        }
        params.check();
        StreamFilter filter = topicIds.isEmpty() ? subscriptions.filterFor(agency, caller.analyst())
                : StreamFilter.topics(topicIds);
        // streams whose clients left (a reloaded console) give their places back before this one is counted
        live.checkClients(agency);
        Runnable release = streams.admit(agency, caller.analyst());
        AlertStreamConnection connection = new AlertStreamConnection(agency, caller.analyst(), filter, sink,
                new AlertStreamConnection.Setup(live, streams.replays(), streams.timer(), sse, json,
                        config.stream().bufferSize(), config.stream().replayPageSize(), config.stream().sendTimeout(),
                        traces),
                capXml ? alert -> cap.xmlOnceStored(agency, alert.alert(), streams.replays(), streams.timer(),
                        AlertStreamConnection.PROJECTION_WAIT) : null,
                frame -> response.write(Buffer.buffer(frame)).toCompletionStage().toCompletableFuture());
        connection.open(after, (a, seq, limit) -> QuarkusTransaction.requiringNew().call(() -> alerts.after(a, seq,
                limit)), caller.expiresAt(), release);
        // a suspension applied between the check above and the registration has not ended this stream
        if (directory.suspended(agency)) {
            connection.close("agency suspended");
        }
    }
}
