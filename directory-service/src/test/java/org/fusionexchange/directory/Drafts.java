package org.fusionexchange.directory;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Agency bodies for the tests, and the calls that send them. The tests share one database, so every agency they
 * create gets a code unique to the run.
 */
public final class Drafts {

    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Drafts() {
    }

    private static final long STARTED = System.currentTimeMillis() / 1000;

    /**
     * A fresh county code, e.g. US-AH-41234: its state letters from a sequence, its digits from the run's start in
     * seconds, so that a county is new to the database even when the database outlives one run.
     */
    public static String county() {
        int n = SEQUENCE.incrementAndGet();
        return "US-" + (char) ('A' + n / 26 % 26) + (char) ('A' + n % 26) + "-" + String.format("%05d",
                STARTED % 100_000);
    }

    /** A fresh E.164 phone number, e.g. +15123400007: its digits from the run's start and a sequence. */
    public static String phone() {
        return "+1" + String.format("%05d%05d", STARTED % 100_000, SEQUENCE.incrementAndGet() % 100_000);
    }

    /** A fresh 17-character VIN (its check digit is not computed: the directory does not check it). */
    public static String vin() {
        return "1FUSN" + String.format("%06d%06d", STARTED % 1_000_000, SEQUENCE.incrementAndGet() % 1_000_000);
    }

    /** A fresh plate, e.g. T341230007. */
    public static String plate() {
        return "T" + String.format("%05d%04d", STARTED % 100_000, SEQUENCE.incrementAndGet() % 10_000);
    }

    /** A fresh code, e.g. T4F2K-7-CRUD. */
    public static String code(String label) {
        return "T" + RUN + "-" + SEQUENCE.incrementAndGet() + "-" + label;
    }

    public static Map<String, Object> local(String code, String... jurisdictions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("name", "Test agency " + code);
        body.put("kind", "LOCAL");
        body.put("country", "US");
        body.put("jurisdictions", List.of(jurisdictions));
        body.put("contact", Map.of("email", "watch@" + code.toLowerCase() + ".example.org", "phone", "+18135550100"));
        return body;
    }

    public static Map<String, Object> taskForce(String code, List<String> members, String... jurisdictions) {
        Map<String, Object> body = local(code, jurisdictions);
        body.put("kind", "TASK_FORCE");
        body.put("members", members);
        body.put("focus", List.of("OVERDOSE", "DRUG_SEIZURE"));
        return body;
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    /** The body as JSON text, for requests that add to it or send it raw. */
    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ValidatableResponse post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/agencies")
                .then();
    }

    /** Creates the agency and checks that it was created. */
    public static void create(String token, Map<String, Object> body) {
        post(token, body).statusCode(201);
    }
}
