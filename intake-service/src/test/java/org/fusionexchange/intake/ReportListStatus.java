package org.fusionexchange.intake;

import static io.restassured.RestAssured.given;

import java.time.Duration;

/** Waits for what {@code GET /api/v1/reports} answers a token, as a directory change takes effect. */
public final class ReportListStatus {

    /** How soon a suspension must take effect in every service (issue 14). */
    public static final Duration SUSPENSION_DEADLINE = Duration.ofSeconds(5);

    private ReportListStatus() {
    }

    /** Until the list answers {@code status} to {@code token}, at most {@code within}; then asserts it does. */
    public static void await(String token, int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (given().auth().oauth2(token).when().get("/api/v1/reports").statusCode() == status) {
                return;
            }
            Thread.sleep(100);
        }
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(status);
    }
}
