package org.fusionexchange.alert.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An alert on its way to the streams: what a stream numbers and filters on (its number, recipient, message type,
 * topic, area and severity, and its id for tracing), its JSON as published when known, and the whole {@link Alert},
 * bound only when something asks for it (a CAP stream). The live feed reads each alert of the topic this way: one
 * pass of Jackson's streaming parser over the published JSON, where binding every alert to an {@link Alert} (its
 * UUIDs, instants, nested records and lists) was most of the feed's CPU, for streams that send the JSON as it is.
 */
public final class LiveAlert {

    private final String id;
    private final long seq;
    private final String recipient;
    private final MsgType msgType;
    private final String topic;
    private final String jurisdiction;
    private final Severity severity;
    private final byte[] published;
    private volatile String json;
    private final ObjectMapper mapper;
    private volatile Alert alert;

    private LiveAlert(String id, long seq, String recipient, MsgType msgType, String topic, String jurisdiction,
            Severity severity, byte[] published, ObjectMapper mapper, Alert alert) {
        this.id = id;
        this.seq = seq;
        this.recipient = recipient;
        this.msgType = msgType;
        this.topic = topic;
        this.jurisdiction = jurisdiction;
        this.severity = severity;
        this.published = published;
        this.mapper = mapper;
        this.alert = alert;
    }

    /** An alert already bound, such as one replayed from the database: its JSON is written when it is sent. */
    public static LiveAlert of(Alert alert) {
        return new LiveAlert(alert.id() == null ? null : alert.id().toString(), alert.seq(), alert.recipient(),
                alert.msgType(), alert.topic(), alert.area() == null ? null : alert.area().jurisdiction(),
                alert.severity(), null, null, alert);
    }

    /**
     * An alert as published on the topic, numbered: the fields streams filter on are read from its JSON, which is
     * kept as it is; {@link #alert()} binds it with {@code mapper} when asked.
     *
     * @throws IllegalArgumentException when {@code published} is not a JSON object, or a field read here does not
     *         have the form an {@link Alert} gives it (the binding would fail too)
     */
    public static LiveAlert read(ObjectMapper mapper, byte[] published) {
        String id = null;
        long seq = 0;
        String recipient = null;
        MsgType msgType = null;
        String topic = null;
        String jurisdiction = null;
        Severity severity = null;
        try (JsonParser parser = mapper.getFactory().createParser(published)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an alert is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> id = text(parser, value, name);
                    case "seq" -> seq = value == JsonToken.VALUE_NULL ? 0 : number(parser, value, name);
                    case "recipient" -> recipient = text(parser, value, name);
                    case "msgType" -> msgType = constant(MsgType.class, text(parser, value, name));
                    case "topic" -> topic = text(parser, value, name);
                    case "severity" -> severity = constant(Severity.class, text(parser, value, name));
                    case "area" -> jurisdiction = jurisdiction(parser, value);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return new LiveAlert(id, seq, recipient, msgType, topic, jurisdiction, severity, published, mapper, null);
    }

    private static String text(JsonParser parser, JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return parser.getText();
    }

    private static long number(JsonParser parser, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(name + " is not an integer");
        }
        return parser.getLongValue();
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    /** The area's jurisdiction; the rest of the area is skipped. */
    private static String jurisdiction(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("area is not an object");
        }
        String jurisdiction = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            if (name.equals("jurisdiction")) {
                jurisdiction = text(parser, member, "area.jurisdiction");
            } else {
                parser.skipChildren();
            }
        }
        return jurisdiction;
    }

    /** The alert's id as its JSON writes it (null: none). */
    public String id() {
        return id;
    }

    public long seq() {
        return seq;
    }

    public String recipient() {
        return recipient;
    }

    public MsgType msgType() {
        return msgType;
    }

    public String topic() {
        return topic;
    }

    /** The area's jurisdiction code (null: the alert has no area, as a Cancel). */
    public String jurisdiction() {
        return jurisdiction;
    }

    public Severity severity() {
        return severity;
    }

    /** The alert's JSON as published (null: not known, as for an alert replayed from the database). */
    public String json() {
        String text = json;
        if (text == null && published != null) {
            text = new String(published, StandardCharsets.UTF_8);
            json = text;
        }
        return text;
    }

    /**
     * The alert's JSON as published, in UTF-8 (null: not known), the array itself: not to be changed. An SSE stream
     * writes it into its event as it is.
     */
    public byte[] publishedBytes() {
        return published;
    }

    /** The whole alert, bound from its published JSON the first time it is asked for. */
    public Alert alert() {
        Alert bound = alert;
        if (bound == null) {
            try {
                bound = Objects.requireNonNull(mapper.readValue(published, Alert.class), "null alert");
            } catch (IOException e) {
                throw new UncheckedIOException("Alert " + id + " cannot be read", e);
            }
            alert = bound;
        }
        return bound;
    }
}
