package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.fusionexchange.directory.Drafts.post;
import static org.fusionexchange.directory.Drafts.taskForce;
import static org.fusionexchange.directory.Drafts.with;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.Drafts;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Creating, reading, listing and changing agencies, and the answers to invalid input. */
@QuarkusTest
class AgencyApiTest extends AsAdministrator {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aCreatedAgencyIsReadBackWithItsETag() {
        String code = code("CRUD");
        post(admin, local(code, "US-FL-12057"))
                .statusCode(201)
                .header("Location", endsWith("/api/v1/agencies/" + code))
                .header("ETag", "\"1\"")
                .body("code", equalTo(code))
                .body("status", equalTo("ACTIVE"))
                .body("version", equalTo(1))
                .body("members", hasSize(0));

        given().auth().oauth2(Tokens.of(stack, "tampa.reporter"))
                .when().get("/api/v1/agencies/" + code)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .header("Cache-Control", "no-store") // kept by no browser or proxy
                .body("name", equalTo("Test agency " + code))
                .body("kind", equalTo("LOCAL"))
                .body("country", equalTo("US"))
                .body("jurisdictions", contains("US-FL-12057"))
                .body("contact.phone", equalTo("+18135550100"))
                .body("createdAt", equalTo(given().auth().oauth2(admin).get("/api/v1/agencies/" + code)
                        .path("updatedAt")));
    }

    @Test
    void aDuplicateCodeIsAConflict() {
        String code = code("DUP");
        Drafts.create(admin, local(code, "US-AZ"));
        post(admin, local(code, "US-TX")).statusCode(409).contentType(PROBLEM);
    }

    @Test
    void aTaskForceNeedsExistingMembersAndAFocus() {
        String member = code("MEMBER");
        Drafts.create(admin, local(member, "US-FL-12103"));
        String tf = code("TF");

        post(admin, taskForce(tf, List.of(member, "NO-SUCH-AGENCY", "ALSO-MISSING"), "US-FL-12103"))
                .statusCode(422).contentType(PROBLEM)
                .body("errors.pointer", contains("/members/1", "/members/2"))
                .body("errors[0].detail", equalTo("no agency NO-SUCH-AGENCY in the directory"));
        post(admin, with(taskForce(tf, List.of(), "US-FL-12103"), "focus", List.of()))
                .statusCode(422)
                .body("errors.pointer", contains("/members", "/focus"));
        post(admin, with(local(tf, "US-FL"), "members", List.of(member)))
                .statusCode(422)
                .body("errors.pointer", contains("/members"));

        post(admin, taskForce(tf, List.of(member), "US-FL-12103"))
                .statusCode(201)
                .body("members", contains(member))
                .body("focus", contains("OVERDOSE", "DRUG_SEIZURE"));
    }

    @Test
    void eachOffendingFieldIsNamed() {
        Map<String, Object> bad = local("lower-case", "FLORIDA", "US-FL-123", "XX", "TH-10");
        bad.put("country", "USA");
        bad.put("name", " ");
        bad.put("contact", Map.of("email", "not-an-address", "phone", "813-555-0100"));
        post(admin, bad)
                .statusCode(422).contentType(PROBLEM)
                .body("status", equalTo(422))
                .body("errors.pointer", contains("/code", "/name", "/country", "/jurisdictions/0",
                        "/jurisdictions/1", "/jurisdictions/2", "/contact/email", "/contact/phone"));
        post(admin, with(local(code("EMPTY"), "US"), "jurisdictions", List.of()))
                .statusCode(422)
                .body("errors.pointer", contains("/jurisdictions"));
    }

    @Test
    void aQuotaIsSetReadAndClearedByAdministrators() {
        String code = code("QUOTA");
        post(admin, with(local(code, "US-FL"), "quota", Map.of("requestsPerSecond", 5, "burst", 10)))
                .statusCode(201)
                .body("quota.requestsPerSecond", equalTo(5))
                .body("quota.burst", equalTo(10));
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(with(local(code, "US-FL"), "quota", null))
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("quota", equalTo(null));
        given().auth().oauth2(admin).get("/api/v1/agencies/" + code).then().statusCode(200)
                .body("quota", equalTo(null));
    }

    @Test
    void aQuotaOutOfItsRangesIsRefusedWithEachFieldNamed() {
        post(admin, with(local(code("QLOW"), "US"), "quota", Map.of("requestsPerSecond", 0, "burst", 10)))
                .statusCode(422).contentType(PROBLEM)
                .body("errors.pointer", contains("/quota/requestsPerSecond"));
        post(admin, with(local(code("QBURST"), "US"), "quota", Map.of("requestsPerSecond", 50, "burst", 49)))
                .statusCode(422)
                .body("errors.pointer", contains("/quota/burst"));
        post(admin, with(local(code("QHIGH"), "US"), "quota", Map.of("requestsPerSecond", 10_001, "burst", 100_001)))
                .statusCode(422)
                .body("errors.pointer", contains("/quota/requestsPerSecond", "/quota/burst"));
        post(admin, with(local(code("QNONE"), "US"), "quota", Map.of()))
                .statusCode(422)
                .body("errors.pointer", contains("/quota/requestsPerSecond", "/quota/burst"));
        post(admin, with(local(code("QTEXT"), "US"), "quota", Map.of("requestsPerSecond", "5", "burst", 10)))
                .statusCode(400).contentType(PROBLEM)
                .body("errors.pointer", contains("/quota/requestsPerSecond"));
        post(admin, with(local(code("QFRAC"), "US"), "quota", Map.of("requestsPerSecond", 5.5, "burst", 10)))
                .statusCode(400)
                .body("errors.pointer", contains("/quota/requestsPerSecond"));
        post(admin, with(local(code("QSHAPE"), "US"), "quota", 5))
                .statusCode(400)
                .body("errors.pointer", contains("/quota"));
        given().auth().oauth2(Tokens.of(stack, "fl.analyst")).contentType(ContentType.JSON)
                .body(with(local(code("QROLE"), "US"), "quota", Map.of("requestsPerSecond", 5, "burst", 10)))
                .when().post("/api/v1/agencies")
                .then().statusCode(403);
    }

    @Test
    void malformedBodiesAndUnknownValuesAreBadRequests() {
        post(admin, with(local(code("KIND"), "US"), "kind", "SHERIFF"))
                .statusCode(400).contentType(PROBLEM)
                .body("errors.pointer", contains("/kind"));
        post(admin, taskForce(code("FOCUS"), List.of("DEA"), "US")
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> e.getKey().equals("focus") ? List.of("OVERDOSE", "JAYWALKING") : e.getValue())))
                .statusCode(400)
                .body("errors.pointer", contains("/focus/1"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"code\": \"BROKEN\", ")
                .when().post("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .when().post("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Drafts.json(local(code("TRAILING"), "US")) + "{\"code\": \"SECOND\"}")
                .when().post("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"a\":".repeat(5000) + "1" + "}".repeat(5000))
                .when().post("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAProblemAndNothingStored() {
        String code = code("HUGE");
        Map<String, Object> huge = local(code, "US");
        huge.put("name", "N".repeat(2 * 1024 * 1024));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Drafts.json(huge))
                .when().post("/api/v1/agencies")
                .then().statusCode(413).contentType(PROBLEM).body("status", equalTo(413));
        given().auth().oauth2(admin).when().get("/api/v1/agencies/" + code).then().statusCode(404);
        // the connection was kept and drained: the next request is answered normally
        given().auth().oauth2(admin).when().get("/api/v1/agencies").then().statusCode(200);
    }

    @Test
    void anUpdateNeedsTheCurrentVersion() {
        String code = code("ETAG");
        Drafts.create(admin, local(code, "US-OH-39035"));
        Map<String, Object> renamed = with(local(code, "US-OH-39035", "US-OH"), "name", "Renamed agency");

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(renamed)
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(428).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(renamed)
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(412).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(renamed)
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("name", equalTo("Renamed agency"))
                .body("jurisdictions", contains("US-OH-39035", "US-OH"))
                .body("version", equalTo(2));
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(renamed)
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(412);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(with(renamed, "code", code("OTHER")))
                .when().put("/api/v1/agencies/" + code)
                .then().statusCode(422)
                .body("errors.pointer", contains("/code"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(renamed)
                .when().put("/api/v1/agencies/NO-SUCH-AGENCY")
                .then().statusCode(404).contentType(PROBLEM);

        given().auth().oauth2(admin).get("/api/v1/agencies/" + code)
                .then().header("ETag", "\"2\"").body("name", equalTo("Renamed agency"));
    }

    @Test
    void suspensionAndReinstatementAreVersionedChanges() {
        String code = code("SUSP");
        Drafts.create(admin, local(code, "US-NV-32031"));

        given().auth().oauth2(admin).when().post("/api/v1/agencies/" + code + "/suspension")
                .then().statusCode(200).header("ETag", "\"2\"").body("status", equalTo("SUSPENDED"));
        given().auth().oauth2(admin).when().post("/api/v1/agencies/" + code + "/suspension")
                .then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(admin).when().delete("/api/v1/agencies/" + code + "/suspension")
                .then().statusCode(200).header("ETag", "\"3\"").body("status", equalTo("ACTIVE"));
        given().auth().oauth2(admin).when().post("/api/v1/agencies/NO-SUCH-AGENCY/suspension")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin).when().post("/api/v1/agencies/FL-FUSION/suspension")
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void theListIsFilteredPagedAndStable() {
        String prefix = code("LIST");
        Drafts.create(admin, local(prefix + "-C", "US-UT-49035"));
        Drafts.create(admin, local(prefix + "-A", "US-UT-49035"));
        Drafts.create(admin, with(local(prefix + "-B", "US-UT"), "kind", "STATE"));
        given().auth().oauth2(admin).post("/api/v1/agencies/" + prefix + "-C/suspension").then().statusCode(200);

        given().auth().oauth2(admin).queryParam("q", prefix.toLowerCase()).queryParam("size", 2)
                .when().get("/api/v1/agencies")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items.code", contains(prefix + "-A", prefix + "-B"));
        given().auth().oauth2(admin).queryParam("q", prefix).queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/v1/agencies")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.code", contains(prefix + "-C"));
        given().auth().oauth2(admin).queryParam("q", prefix).queryParam("kind", "STATE")
                .when().get("/api/v1/agencies")
                .then().body("items.code", contains(prefix + "-B"));
        given().auth().oauth2(admin).queryParam("q", prefix).queryParam("status", "SUSPENDED")
                .when().get("/api/v1/agencies")
                .then().body("items.code", contains(prefix + "-C"));
        given().auth().oauth2(admin).queryParam("q", prefix).queryParam("jurisdiction", "US-UT-49035")
                .when().get("/api/v1/agencies")
                .then().body("items.code", containsInAnyOrder(prefix + "-A", prefix + "-B", prefix + "-C"));
        given().auth().oauth2(admin).queryParam("q", prefix).queryParam("jurisdiction", "US-UT-49036")
                .when().get("/api/v1/agencies")
                .then().body("items.code", contains(prefix + "-B"));
        given().auth().oauth2(admin).queryParam("q", "%")
                .when().get("/api/v1/agencies")
                .then().statusCode(200).body("items.code", not(hasItem(prefix + "-A")));
        given().auth().oauth2(admin).queryParam("size", 500)
                .when().get("/api/v1/agencies")
                .then().statusCode(200).body("size", equalTo(500));
    }

    /**
     * The offset page × size is an int for Hibernate and the end of the page must fit too: a page beyond that is a
     * 400 naming page, never an overflow into a 500 or a wrapped, negative offset. A page that fits is just empty.
     */
    @Test
    void aPageWhoseOffsetDoesNotFitIsABadRequest() {
        for (String[] pageAndSize : new String[][] { { "5000000", "500" }, { "4294967", "500" },
                { "2147483647", "1" }, { "2147483647", "500" }, { "2147483648", "1" } }) {
            given().auth().oauth2(admin).queryParam("page", pageAndSize[0]).queryParam("size", pageAndSize[1])
                    .when().get("/api/v1/agencies")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("status", equalTo(400)).body("errors.pointer", contains("page"));
        }
        for (String[] pageAndSize : new String[][] { { "4294966", "500" }, { "5000000", "1" },
                { "2147483646", "1" } }) {
            given().auth().oauth2(admin).queryParam("page", pageAndSize[0]).queryParam("size", pageAndSize[1])
                    .when().get("/api/v1/agencies")
                    .then().statusCode(200).body("items", empty())
                    .body("page", equalTo(Integer.parseInt(pageAndSize[0])))
                    .body("size", equalTo(Integer.parseInt(pageAndSize[1])));
        }
    }

    @Test
    void invalidListParametersAreBadRequests() {
        given().auth().oauth2(admin).queryParam("kind", "SHERIFF").queryParam("jurisdiction", "Florida")
                .queryParam("status", "GONE")
                .when().get("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.pointer", contains("jurisdiction", "kind", "status"));
        given().auth().oauth2(admin).queryParam("size", 501)
                .when().get("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("size"));
        given().auth().oauth2(admin).queryParam("page", -1)
                .when().get("/api/v1/agencies")
                .then().statusCode(400).body("errors.pointer", contains("page"));
        given().auth().oauth2(admin).queryParam("page", "first")
                .when().get("/api/v1/agencies")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).when().get("/api/v1/agencies/NO-SUCH-AGENCY")
                .then().statusCode(404).contentType(PROBLEM);
    }
}
