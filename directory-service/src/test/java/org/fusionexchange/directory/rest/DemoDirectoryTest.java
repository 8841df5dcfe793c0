package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.fusionexchange.directory.service.DemoDirectory;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The demo agencies of DOMAIN.md, and the jurisdiction filter's containment both ways over them. */
@QuarkusTest
class DemoDirectoryTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DemoDirectory demo;

    String token;

    @BeforeEach
    void load() {
        demo.load();
        token = Tokens.of(stack, "fl.analyst");
    }

    @Test
    void loadingTwiceCreatesNothingTheSecondTime() {
        assertEquals(0, demo.load());
        given().auth().oauth2(token).get("/api/v1/agencies/TAMPA-BAY-TF")
                .then().statusCode(200)
                .body("kind", equalTo("TASK_FORCE"))
                .body("members", containsInAnyOrder("TAMPA-PD", "HCSO", "PCSO", "FL-FUSION", "DEA"))
                .body("focus", containsInAnyOrder("OVERDOSE", "DRUG_SEIZURE"));
        given().auth().oauth2(token).queryParam("q", "police").queryParam("size", 500).get("/api/v1/agencies")
                .then().statusCode(200)
                .body("items.code", hasItems("TAMPA-PD", "PHOENIX-PD", "CLEVELAND-PD", "BW-BPS"));
    }

    @Test
    void aStateFindsTheAgenciesOfItsCountiesAndThoseAboveIt() {
        List<String> found = codes("US-FL");
        assertEquals(List.of("DEA", "FL-FUSION", "HCSO", "PCSO", "TAMPA-BAY-TF", "TAMPA-PD"), demoOnly(found));
    }

    @Test
    void aCountyFindsItsOwnAgenciesAndThoseOfItsStateAndCountry() {
        List<String> found = codes("US-FL-12057");
        assertEquals(List.of("DEA", "FL-FUSION", "HCSO", "TAMPA-BAY-TF", "TAMPA-PD"), demoOnly(found));
        assertEquals(List.of("DEA", "FL-FUSION", "PCSO", "TAMPA-BAY-TF"), demoOnly(codes("US-FL-12103")));
    }

    @Test
    void aCountryFindsEveryAgencyInsideIt() {
        given().auth().oauth2(token).queryParam("jurisdiction", "TH").get("/api/v1/agencies")
                .then().statusCode(200).body("items.code", hasItem("TH-ONCB")).body("items.code", not(hasItem("DEA")));
        given().auth().oauth2(token).queryParam("jurisdiction", "US-AZ").queryParam("kind", "TASK_FORCE")
                .get("/api/v1/agencies")
                .then().body("items.code", hasItem("SW-BORDER-TF"))
                .body("items.kind", everyItem(equalTo("TASK_FORCE")));
    }

    private List<String> codes(String jurisdiction) {
        return given().auth().oauth2(token).queryParam("jurisdiction", jurisdiction).queryParam("size", 500)
                .get("/api/v1/agencies")
                .then().statusCode(200).extract().jsonPath().getList("items.code", String.class);
    }

    /** Other tests add agencies of their own (codes starting with T and a run id); the demo ones are what count. */
    private static List<String> demoOnly(List<String> codes) {
        List<String> demo = DemoDirectory.CODES;
        return codes.stream().filter(demo::contains).toList();
    }
}
