package org.fusionexchange.alert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import jakarta.inject.Inject;

import org.fusionexchange.alert.service.Alert;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.ser.BeanSerializer;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The service's own mapper, the one routing, the projection and the feed read and write with, reads and writes
 * instants by hand, and reaches bean properties through Blackbird's lambdas.
 */
@QuarkusTest
class ServiceInstantReaderTest {

    @Inject
    ObjectMapper json;

    @Test
    void theServicesMapperReadsInstantsWithTheExchangesReader() throws Exception {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) json.getDeserializationContext())
                .createInstance(json.getDeserializationConfig(), null, null);
        assertInstanceOf(InstantJson.Reader.class,
                context.findRootValueDeserializer(json.constructType(Instant.class)));
        Alert alert = json.readValue("{\"id\":\"0190a6f2-0000-7000-8000-000000000001\",\"seq\":0,"
                + "\"recipient\":\"HCSO\",\"msgType\":\"Alert\",\"sent\":\"2026-12-06T07:00:00.123456Z\","
                + "\"createdAt\":\"2026-12-06T07:00:01Z\"}", Alert.class);
        assertEquals(Instant.parse("2026-12-06T07:00:00.123456Z"), alert.sent());
        assertEquals(Instant.parse("2026-12-06T07:00:01Z"), alert.createdAt());
    }

    @Test
    void theServicesMapperWritesInstantsWithTheExchangesWriter() throws Exception {
        assertInstanceOf(InstantJson.Writer.class,
                json.getSerializerProviderInstance().findValueSerializer(Instant.class));
        Instant at = Instant.parse("2026-12-06T07:00:00.123456Z");
        assertEquals("[\"2026-12-06T07:00:00.123456Z\",\"2026-12-06T07:00:01Z\"]",
                json.writeValueAsString(new Instant[] { at, Instant.parse("2026-12-06T07:00:01Z") }));
    }

    @Test
    void theServicesMapperReachesPropertiesWithoutReflection() throws Exception {
        assertTrue(json.getRegisteredModuleIds().stream().anyMatch(id -> id.toString().contains("Blackbird")),
                () -> "modules: " + json.getRegisteredModuleIds());
        BeanSerializer serializer = (BeanSerializer) json.getSerializerProviderInstance()
                .findValueSerializer(Alert.class);
        int properties = 0;
        int optimised = 0;
        for (var all = serializer.properties(); all.hasNext();) {
            properties++;
            optimised += all.next().getClass().getName().contains("blackbird") ? 1 : 0;
        }
        assertTrue(optimised >= properties / 2,
                "properties written by Blackbird's writers: " + optimised + " of " + properties);
    }
}
