package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.config.StrictJson;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The three steps on a {@code case-reports} record share one reading of it: the same array read again on the same
 * thread is not parsed again; equal bytes in another array, another thread, or a defect are read for themselves.
 */
class CaseReportReaderTest {

    private final CaseReportReader reader = new CaseReportReader(mapper());

    /** Jackson as the service configures it. */
    private static ObjectMapper mapper() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(json);
        return json;
    }

    private static byte[] event(UUID reportId) {
        return ContractExamples.caseReport("overdose-tampa-submitted.json", reportId).get("value").toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameRecordIsReadOnceAndAnotherIsReadForItself() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] value = event(id);
        CaseReportReader.Read first = reader.read(value);
        assertNull(first.defect(), first.defect());
        assertEquals(id, first.event().reportId());
        assertSame(first, reader.read(value), "the second and third steps get the first reading");

        byte[] equal = value.clone();
        CaseReportReader.Read again = reader.read(equal);
        assertNotSame(first, again, "another record with the same bytes is read again");
        assertEquals(first.event(), again.event());

        UUID other = UUID.randomUUID();
        assertEquals(other, reader.read(event(other)).event().reportId());
        CaseReportReader.Read elsewhere = CompletableFuture.supplyAsync(() -> reader.read(value)).get();
        assertNotSame(first, elsewhere, "each thread keeps its own last reading");
        assertEquals(id, elsewhere.event().reportId());
    }

    @Test
    void aDefectIsReadAsADefectEveryTime() {
        byte[] broken = "{\"eventId\":".getBytes(StandardCharsets.UTF_8);
        assertEquals("not a readable case-reports event", reader.read(broken).defect());
        assertNotNull(reader.read(broken).cause());
        assertEquals("it has no value", reader.read(null).defect());
        assertEquals("it has no value", reader.read(null).defect());
    }
}
