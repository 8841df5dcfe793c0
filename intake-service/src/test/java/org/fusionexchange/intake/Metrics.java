package org.fusionexchange.intake;

import static io.restassured.RestAssured.given;

/** The service's /q/metrics, as Prometheus scrapes it. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The value of {@code name} with the label {@code label} (as {@code key="value"}, or "" for a metric without
     * labels), 0 before the first count.
     */
    public static double value(String name, String label) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
