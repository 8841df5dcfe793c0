package org.fusionexchange.system;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A steady stream of TAMPA-PD overdose reports in Pinellas County (US-FL-12103), as an agency system would send
 * them, recording which were accepted (201) and how every other answer was given. Its reports share a headline
 * unique to the stream.
 */
final class SteadySubmissions implements AutoCloseable {

    static final String JURISDICTION = "US-FL-12103";
    /** Who DOMAIN.md's routing alerts for a TAMPA-PD AMBER overdose in US-FL-12103, by their analysts. */
    static final List<String> RECIPIENT_ANALYSTS = List.of("pcso.analyst", "fl.analyst", "dea.analyst",
            "tampabay.analyst");

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> problemTypes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String headline = "Steady stream " + java.util.UUID.randomUUID();
    private final Thread thread;

    SteadySubmissions(String token, int perSecond) {
        thread = new Thread(() -> {
            while (running.get()) {
                long next = System.nanoTime() + 1_000_000_000L / perSecond;
                try {
                    Response response = given().auth().oauth2(token).contentType(ContentType.JSON)
                            .body(Reports.overdose(JURISDICTION, "AMBER", List.of(), headline))
                            .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                            .then().extract().response();
                    if (response.statusCode() == 201) {
                        accepted.add(response.path("id"));
                    } else {
                        otherStatuses.merge(response.statusCode(), 1, Integer::sum);
                        String contentType = response.contentType() == null ? "" : response.contentType();
                        problemTypes.merge(response.statusCode() + " " + contentType, 1, Integer::sum);
                    }
                } catch (Exception e) {
                    otherStatuses.merge(-1, 1, Integer::sum);
                    failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000L);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "steady-submissions");
        thread.start();
    }

    /**
     * The headline of every report of this stream, and of no other: what other tests submitted into the same
     * county (and was routed after this stream began) is told apart by it.
     */
    String headline() {
        return headline;
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    Map<Integer, Integer> otherStatuses() {
        return Map.copyOf(otherStatuses);
    }

    Map<String, Integer> problemTypes() {
        return Map.copyOf(problemTypes);
    }

    /** Every answer other than 201, and every request that got no answer, for a failure message. */
    String summary() {
        return accepted.size() + " accepted; other answers " + problemTypes + "; no answer " + failures;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
