package org.fusionexchange.intake.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.fusionexchange.intake.domain.IsoInstant;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The page of reports written member by member (ReportPageWriter, IsoInstant) is byte for byte what Jackson's data
 * binding writes for the same {@code Page<ReportSummary>}, as Quarkus configures it (ISO-8601 instants); the
 * writer knows every component of both records; and only that page type is taken from Jackson. That the list's
 * responses are these bytes over HTTP is ReportListTest's.
 */
class ReportPageWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant EARLIEST = LocalDateTime.of(0, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
    private static final Instant LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999)
            .toInstant(ZoneOffset.UTC);

    private final ReportPageWriter writer = new ReportPageWriter(JSON);

    @Test
    void aPageIsWhatJacksonWritesWithAndWithoutEachOptionalMember() throws Exception {
        Random random = new Random(42);
        List<ReportSummary> reports = new ArrayList<>();
        for (String ref : List.of("TPD-2026-000123", "quote \" backslash \\ tab \t line\n", "Übergabe — 東京 🚨",
                "control \u0001\u001f", "</script>", "slash / and delete \u007f", "")) {
            reports.add(new ReportSummary(UUID.randomUUID(), ref, "OVERDOSE", 1 + random.nextInt(9), "ACTIVE",
                    instant(random), instant(random)));
        }
        reports.add(new ReportSummary(UUID.randomUUID(), "edges", "TRAFFICKING", Integer.MAX_VALUE, "RETRACTED",
                EARLIEST, LATEST));
        reports.add(new ReportSummary(null, null, null, 1, null, null, null));
        int compared = 0;
        for (List<ReportSummary> items : List.of(List.<ReportSummary>of(), reports.subList(0, 1), reports)) {
            for (Integer number : new Integer[] { null, 0, 7 }) {
                for (Long total : new Long[] { null, 0L, Long.MAX_VALUE }) {
                    for (String next : new String[] { null, "cjEuMTc2NDU0NzIw", "not \"a\" cursor ✓" }) {
                        Page<ReportSummary> page = new Page<>(items, number, 50, total, next);
                        // bytes, as the REST layer's Jackson wrote them: its UTF-8 generator writes a character
                        // outside the BMP (the emoji) as two escaped surrogates, where a String would hold it
                        byte[] jackson = JSON.writerFor(new TypeReference<Page<ReportSummary>>() {
                        }).writeValueAsBytes(page);
                        assertEquals(new String(jackson, StandardCharsets.UTF_8),
                                new String(writer.bytes(page), StandardCharsets.UTF_8));
                        compared++;
                    }
                }
            }
        }
        assertEquals(81, compared);
    }

    @Test
    void theWriterKnowsEveryComponentOfBothRecordsInTheirOrder() {
        // a component added to either record must be added to ReportPageWriter.bytes too; then change these lists
        assertEquals(List.of("id", "externalRef", "type", "version", "status", "receivedAt", "updatedAt"),
                names(ReportSummary.class.getRecordComponents()));
        assertEquals(List.of("items", "page", "size", "total", "next"), names(Page.class.getRecordComponents()));
    }

    @Test
    void instantsAreWrittenAsTheJdkWritesThemInEveryYearAndWithEveryFraction() {
        Random random = new Random(7);
        char[] text = new char[IsoInstant.MAX_LENGTH];
        List<Instant> instants = new ArrayList<>(List.of(EARLIEST, LATEST, Instant.EPOCH, Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2024-02-29T23:59:59.5Z"),
                Instant.parse("2026-12-06T07:00:00Z"), Instant.parse("2026-12-06T07:00:00.000001Z"),
                Instant.parse("2026-12-06T07:00:00.000000001Z"), Instant.parse("2026-12-06T07:00:00.120Z"),
                Instant.parse("2026-12-06T07:00:00.123400Z")));
        for (int i = 0; i < 100_000; i++) {
            instants.add(instant(random));
        }
        for (Instant instant : instants) {
            assertEquals(instant.toString(), IsoInstant.format(instant));
            int length = IsoInstant.format(instant, text);
            assertEquals(instant.toString(), new String(text, 0, length));
        }
        for (Instant outside : List.of(EARLIEST.minusNanos(1), LATEST.plusNanos(1), Instant.MAX, Instant.MIN)) {
            assertEquals(-1, IsoInstant.format(outside, text), outside.toString());
            assertEquals(outside.toString(), IsoInstant.format(outside));
        }
    }

    @Test
    void onlyThePageOfReportsIsWrittenThisWay() throws Exception {
        var list = Arrays.stream(CaseReportResource.class.getMethods()).filter(m -> m.getName().equals("list"))
                .findFirst().orElseThrow();
        var page = ((ParameterizedType) list.getGenericReturnType()).getActualTypeArguments()[0];
        assertTrue(ReportPageWriter.isPageOfReports(Page.class, page), "the report list's page: " + page);
        assertFalse(ReportPageWriter.isPageOfReports(Page.class, Page.class), "a raw page");
        assertFalse(ReportPageWriter.isPageOfReports(Page.class, new TypeReference<Page<String>>() {
        }.getType()), "a page of something else");
        assertFalse(ReportPageWriter.isPageOfReports(ReportSummary.class, ReportSummary.class), "not a page");
    }

    /** Any instant of the years 0000 to 9999, its fraction in milli-, micro- or nanoseconds or none. */
    private static Instant instant(Random random) {
        long seconds = EARLIEST.getEpochSecond()
                + (long) (random.nextDouble() * (LATEST.getEpochSecond() - EARLIEST.getEpochSecond()));
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nano);
    }

    private static List<String> names(RecordComponent[] components) {
        return Arrays.stream(components).map(RecordComponent::getName).toList();
    }
}
