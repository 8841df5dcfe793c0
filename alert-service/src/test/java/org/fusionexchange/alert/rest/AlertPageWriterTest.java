package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.fusionexchange.alert.repository.AlertLists;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The page of alerts written in one piece (AlertPageWriter) is byte for byte what Jackson writes for the same
 * {@code Page<ListedAlert>}, with and without each optional member, for alerts with text outside ASCII; and only
 * that page type is taken from Jackson. That the list's responses are these bytes over HTTP is AlertListTest's.
 */
class AlertPageWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void aPageIsWhatJacksonWritesWithAndWithoutEachOptionalMember() throws Exception {
        List<ListedAlert> alerts = new ArrayList<>();
        alerts.add(alert(7, "{\"id\":\"a\",\"seq\":7,\"headline\":\"Overdose, Tampa\"}"));
        alerts.add(alert(6, "{\"id\":\"b\",\"seq\":6,\"headline\":\"Übergabe \\\"Nord\\\" — 東京 🚨\","
                + "\"acknowledgement\":{\"by\":\"hcso.analyst\",\"at\":\"2026-12-06T07:00:00Z\"}}"));
        alerts.add(alert(5, "{\"id\":\"c\",\"seq\":5,\"spike\":{\"counts\":[1,2,3]},\"nested\":[{},[]]}"));
        int compared = 0;
        for (List<ListedAlert> items : List.of(List.<ListedAlert>of(), alerts.subList(0, 1), alerts)) {
            for (Integer number : new Integer[] { null, 0, 3 }) {
                for (Long total : new Long[] { null, 0L, 9_000_000_000L }) {
                    for (String next : new String[] { null, "YTEuNQ", "a1-_Z9" }) {
                        Page<ListedAlert> page = new Page<>(items, number, 50, total, next);
                        byte[] jackson = JSON.writerFor(new TypeReference<Page<ListedAlert>>() {
                        }).writeValueAsBytes(page);
                        assertEquals(new String(jackson, StandardCharsets.UTF_8),
                                new String(AlertPageWriter.bytes(page), StandardCharsets.UTF_8));
                        compared++;
                    }
                }
            }
        }
        assertEquals(81, compared);
    }

    @Test
    void theBytesAreUtf8() {
        Page<ListedAlert> page = new Page<>(List.of(alert(1, "{\"headline\":\"東京\"}")), null, 1, 1L, null);
        byte[] bytes = AlertPageWriter.bytes(page);
        String expected = "{\"items\":[{\"headline\":\"東京\"}],\"size\":1,\"total\":1}";
        assertEquals(expected, new String(bytes, StandardCharsets.UTF_8));
        assertEquals(expected.length() + 2 * 2, bytes.length, "each of the two characters is three bytes in UTF-8");
    }

    @Test
    void onlyThePageOfAlertsIsWrittenThisWay() throws Exception {
        Type alertList = unwrapped(AlertResource.class.getMethod("list", String.class, String.class, String.class,
                String.class, String.class, String.class, String.class).getGenericReturnType());
        assertTrue(AlertPageWriter.isPageOfAlerts(Page.class, alertList), "the alert list's page: " + alertList);
        Type subscriptions = SubscriptionResource.class.getMethod("list", String.class, String.class)
                .getGenericReturnType();
        assertFalse(AlertPageWriter.isPageOfAlerts(Page.class, subscriptions), subscriptions.getTypeName());
        assertFalse(AlertPageWriter.isPageOfAlerts(Page.class, Page.class), "a raw page");
        assertFalse(AlertPageWriter.isPageOfAlerts(ListedAlert.class, ListedAlert.class), "not a page");
    }

    /** The T of the resource's {@code Uni<T>}. */
    private static Type unwrapped(Type uni) {
        return ((ParameterizedType) uni).getActualTypeArguments()[0];
    }

    private static ListedAlert alert(long seq, String json) {
        return new ListedAlert(new AlertLists.Listed(seq, json));
    }
}
