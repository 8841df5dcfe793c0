package org.fusionexchange.intake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.intake.domain.EventType;
import org.fusionexchange.intake.domain.ReportEvent;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The service's own mapper, the one that writes every stored body and case-reports event, writes instants by
 * arithmetic (registered after Quarkus's jsr310 module) and reaches bean properties through Blackbird's lambdas.
 */
@QuarkusTest
class ServiceJsonTest {

    @Inject
    ObjectMapper json;

    @Test
    void theServicesMapperWritesInstantsWithTheExchangesWriter() throws Exception {
        SerializerProvider provider = json.getSerializerProviderInstance();
        assertInstanceOf(InstantJson.Writer.class, provider.findValueSerializer(Instant.class));
        Instant at = Instant.parse("2026-12-07T07:30:00.123456Z");
        ReportEvent event = new ReportEvent(UUID.fromString("0190a6f2-0000-7000-8000-000000000001"),
                EventType.ReportSubmitted, UUID.fromString("0190a6f2-0000-7000-8000-000000000002"), 1, "TAMPA-PD",
                at, "{}");
        assertEquals("{\"eventId\":\"0190a6f2-0000-7000-8000-000000000001\",\"type\":\"ReportSubmitted\","
                + "\"reportId\":\"0190a6f2-0000-7000-8000-000000000002\",\"version\":1,\"agency\":\"TAMPA-PD\","
                + "\"time\":\"2026-12-07T07:30:00.123456Z\",\"report\":{}}", json.writeValueAsString(event));
    }

    @Test
    void theServicesMapperReachesPropertiesWithoutReflection() throws Exception {
        assertTrue(json.getRegisteredModuleIds().stream().anyMatch(id -> id.toString().contains("Blackbird")),
                () -> "modules: " + json.getRegisteredModuleIds());
        BeanSerializer serializer = (BeanSerializer) json.getSerializerProviderInstance()
                .findValueSerializer(ReportEvent.class);
        int optimised = 0;
        for (var properties = serializer.properties(); properties.hasNext();) {
            BeanPropertyWriter property = (BeanPropertyWriter) properties.next();
            optimised += property.getClass().getName().contains("blackbird") ? 1 : 0;
        }
        assertTrue(optimised >= 5, "properties written by Blackbird's writers: " + optimised + " of 7");
    }
}
