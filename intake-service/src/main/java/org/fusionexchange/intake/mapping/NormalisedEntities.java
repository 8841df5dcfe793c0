package org.fusionexchange.intake.mapping;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.fusionexchange.intake.domain.CaseReport;
import org.fusionexchange.intake.domain.EventType;
import org.fusionexchange.intake.domain.ReportEvent;
import org.fusionexchange.intake.domain.ReportInput.Phone;
import org.fusionexchange.intake.domain.ReportInput.Vehicle;
import org.fusionexchange.intake.normalize.PhoneNumbers;
import org.fusionexchange.intake.normalize.Plates;
import org.fusionexchange.intake.normalize.Vins;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.VirtualBeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.Annotations;

/**
 * The normalised form of a report's entities, beside what was written, for the case-reports event only: each phone
 * gains {@code e164}, each vehicle {@code normalized} ({@code plate}, {@code plateState}, {@code vin},
 * {@code vinCheck}). The stored version and every read path keep what the agency wrote.
 *
 * <p>Two ways to the same event, by the same rules:
 * <ul>
 * <li>{@link #eventValue}: from the report's record, as the request that writes a version holds it (no parse);</li>
 * <li>{@link #addTo}: from the stored body, when the relay reads a version back. A version stored before
 * normalisation existed (or still in the outbox across the upgrade) is published with it too. A number such a
 * version holds that libphonenumber cannot read as a possible full number (the E.164 rule of old let {@code +12}
 * through) gets {@code e164: null}: it matches nothing.</li>
 * </ul>
 */
public final class NormalisedEntities {

    /** The writer attribute holding the report's jurisdiction, whose country national numbers are read in. */
    private static final String JURISDICTION = "jurisdiction";

    private NormalisedEntities() {
    }

    /** A vehicle's normal forms, the event's {@code normalized}. */
    public record Normalized(String plate, String plateState, String vin, String vinCheck) {

        static Normalized of(String plate, String plateState, String vin) {
            return new Normalized(Plates.normalize(plate), Plates.normalizeState(plateState), Vins.normalize(vin),
                    vin == null ? null : Vins.check(vin).name());
        }
    }

    /** Adds the normalised forms to a report snapshot read from its stored body (the event's {@code report}). */
    public static void addTo(ObjectNode report) {
        JsonNode entities = report.get("entities");
        if (entities == null || !entities.isObject()) {
            return;
        }
        String jurisdiction = report.path("jurisdiction").textValue();
        for (JsonNode phone : entities.path("phones")) {
            if (phone instanceof ObjectNode object) {
                object.put("e164", PhoneNumbers.e164(phone.path("number").textValue(), jurisdiction));
            }
        }
        for (JsonNode vehicle : entities.path("vehicles")) {
            if (vehicle instanceof ObjectNode object) {
                Normalized normal = Normalized.of(object.path("plate").textValue(),
                        object.path("plateState").textValue(), object.path("vin").textValue());
                ObjectNode normalized = object.putObject("normalized");
                normalized.put("plate", normal.plate());
                normalized.put("plateState", normal.plateState());
                normalized.put("vin", normal.vin());
                normalized.put("vinCheck", normal.vinCheck());
            }
        }
    }

    /**
     * Writes a whole case-reports value, the event {@code eventId} of {@code report}'s version with the report as its
     * {@code report}: the JSON of the report's stored body with the same additions as {@link #addTo}, in the same
     * places (last in each phone and vehicle), in one pass into UTF-8.
     */
    public static byte[] eventValue(ObjectWriter eventValueWriter, UUID eventId, EventType type, CaseReport report)
            throws IOException {
        return eventValueWriter.withAttribute(JURISDICTION, report.jurisdiction())
                .writeValueAsBytes(new EventWithReport(eventId, type, report.id(), report.version(), report.agency(),
                        report.updatedAt(), report));
    }

    /**
     * {@link ReportEvent} with its report as a record rather than text: the same members in the same order (held
     * equal by {@code EventReportTest}).
     */
    record EventWithReport(UUID eventId, EventType type, UUID reportId, int version, String agency, Instant time,
            CaseReport report) {
    }

    /**
     * The writer {@link #eventValue} needs, made once from the service's mapper. Its doubles (a location's
     * {@code lat} and {@code lon}) are written as the read-back writes them: the decimal their text reads as, so
     * {@code 1.0E-4} becomes {@code 0.00010} and {@code -0.0} becomes {@code 0.0} on both ways.
     */
    public static ObjectWriter eventValueWriter(ObjectMapper json) {
        SimpleModule doublesAsRead = new SimpleModule("doubles-as-read-back")
                .addSerializer(Double.class, new DoubleAsReadBack());
        return json.copy().registerModule(doublesAsRead).addMixIn(Phone.class, PhoneInEvent.class)
                .addMixIn(Vehicle.class, VehicleInEvent.class).writerFor(EventWithReport.class);
    }

    /** A double as the read-back's exact tree gives it back: the {@code BigDecimal} of its text. */
    private static final class DoubleAsReadBack extends StdSerializer<Double> {

        private static final long serialVersionUID = 1L;

        DoubleAsReadBack() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                generator.writeNumber(value); // never in a stored report: the validator bounds every coordinate
            } else {
                generator.writeNumber(new BigDecimal(Double.toString(value)));
            }
        }
    }

    @JsonAppend(props = @JsonAppend.Prop(value = Added.class, name = "e164", include = JsonInclude.Include.ALWAYS))
    private interface PhoneInEvent {
    }

    @JsonAppend(props = @JsonAppend.Prop(value = Added.class, name = "normalized",
            include = JsonInclude.Include.ALWAYS))
    private interface VehicleInEvent {
    }

    /**
     * What the event adds, last, to an entity: a phone's {@code e164}, read in the country of the jurisdiction the
     * writer was given, or a vehicle's {@code normalized}.
     */
    static final class Added extends VirtualBeanPropertyWriter {

        private static final long serialVersionUID = 1L;

        Added() {
        }

        private Added(BeanPropertyDefinition property, Annotations annotations, JavaType type) {
            super(property, annotations, type);
        }

        @Override
        protected Object value(Object entity, JsonGenerator generator, SerializerProvider provider) {
            if (entity instanceof Phone phone) {
                return PhoneNumbers.e164(phone.number(), (String) provider.getAttribute(JURISDICTION));
            }
            Vehicle vehicle = (Vehicle) entity;
            return Normalized.of(vehicle.plate(), vehicle.plateState(), vehicle.vin());
        }

        @Override
        public VirtualBeanPropertyWriter withConfig(MapperConfig<?> config, AnnotatedClass declaringClass,
                BeanPropertyDefinition property, JavaType type) {
            return new Added(property, declaringClass.getAnnotations(), type);
        }
    }
}
