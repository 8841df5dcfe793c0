package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The validation matrix: each rule once kept (201) and once broken (400 for a wrong type or value the JSON cannot
 * hold, 422 for a broken rule), with the JSON pointer of the offending field.
 */
@QuarkusTest
class ReportValidationTest {

    /** Replaced by the JSON escape of a lone surrogate, which no Java string can carry into UTF-8. */
    private static final String LONE_SURROGATE = "@LONE-SURROGATE@";

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    String token;

    @BeforeEach
    void token() {
        token = Tokens.of(stack, "tampa.reporter");
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                ok("a full DRUG_SEIZURE", r -> { }),
                ok("an OVERDOSE with its outcome", r -> r.setAll(SampleReports.overdose())),
                ok("only the required fields", r -> {
                    r.removeAll();
                    r.setAll(SampleReports.minimal());
                }),
                ok("externalRef of 64 characters", r -> r.put("externalRef", hex() + hex())),
                ok("occurredAt 4 minutes ahead (clock skew)", r -> r.put("occurredAt", Instant.now().plus(4, ChronoUnit.MINUTES).toString())),
                ok("occurredAt with an offset", r -> r.put("occurredAt", "2026-01-01T10:00:00+02:00")),
                ok("a country jurisdiction", r -> r.put("jurisdiction", "TH")),
                ok("a subdivision jurisdiction", r -> r.put("jurisdiction", "TH-10")),
                ok("location on the bounds", r -> r.putObject("location").put("lat", -90).put("lon", 180)),
                ok("no location", r -> r.putNull("location")),
                ok("headline of 200 characters", r -> r.put("headline", "h".repeat(200))),
                ok("narrative of 20,000 characters with line breaks", r -> r.put("narrative", ("n".repeat(99) + "\n").repeat(200))),
                ok("100 phones", r -> phones(r, 100)),
                ok("a vehicle with a VIN only", r -> vehicle(r).removeAll().put("vin", "1HGCM82633A004352")),
                ok("a VIN in lower case", r -> vehicle(r).removeAll().put("vin", "1hgcm82633a004352")),
                ok("a VIN with a wrong check digit (flagged on the event)", r -> vehicle(r).removeAll().put("vin", "1HGCM82643A004352")),
                ok("a VIN of 11 characters (before 1981)", r -> vehicle(r).removeAll().put("vin", "AB12CD34EF5")),
                ok("a plate and state in lower case with a dash", r -> vehicle(r).put("plate", "abc-123").put("plateState", "fl")),
                ok("a phone written nationally", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "(813) 555-0147")),
                ok("a phone written with dashes", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "813-555-0147")),
                ok("a phone written internationally", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "+593 2 123 4567")),
                ok("a national phone in Ecuador", r -> ((ObjectNode) phones(r.put("jurisdiction", "EC"), 1).get(0)).put("number", "02 123 4567")),
                ok("a phone of 40 characters", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "+1 813 555 0147" + " ".repeat(25))),
                ok("a person without date of birth", r -> person(r).remove("dateOfBirth")),
                ok("a fractional quantity", r -> substance(r).put("quantity", 0.25)),
                ok("a substance without form", r -> substance(r).remove("form")),
                ok("every unit", r -> {
                    ArrayNode substances = ((ObjectNode) r.get("entities")).putArray("substances");
                    for (String unit : new String[] {"MG", "G", "KG", "ML", "L", "PILLS", "DOSES"}) {
                        substances.addObject().put("name", "fentanyl").put("quantity", 1).put("unit", unit).put("form", "OTHER");
                    }
                }),
                ok("no severity", r -> r.remove("severity")),
                ok("AMBER+STRICT", r -> ((ObjectNode) r.get("marking")).put("tlp", "AMBER+STRICT")),
                ok("RED naming DEA", r -> ((ObjectNode) r.get("marking")).put("tlp", "RED").putArray("recipients").add("DEA")),
                ok("a marking without tlp", r -> ((ObjectNode) r.get("marking")).remove("tlp")),
                ok("unknown fields are ignored", r -> r.put("priority", "high").putObject("extra").put("x", 1)));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                no("externalRef missing", r -> r.remove("externalRef"), 422, "/externalRef"),
                no("externalRef of 65 characters", r -> r.put("externalRef", "X".repeat(65)), 422, "/externalRef"),
                no("externalRef a number", r -> r.put("externalRef", 118822), 400, "/externalRef"),
                no("type missing", r -> r.remove("type"), 422, "/type"),
                no("type unknown", r -> r.put("type", "BURGLARY"), 400, "/type"),
                no("type by index", r -> r.put("type", 1), 400, "/type"),
                no("occurredAt missing", r -> r.remove("occurredAt"), 422, "/occurredAt"),
                no("occurredAt not a date", r -> r.put("occurredAt", "yesterday"), 422, "/occurredAt"),
                no("occurredAt before year 0", r -> r.put("occurredAt", "-0001-06-01T00:00:00Z"), 422, "/occurredAt"),
                no("occurredAt of a five-digit year", r -> r.put("occurredAt", "+10000-06-01T00:00:00Z"), 422, "/occurredAt"),
                no("occurredAt 10 minutes ahead", r -> r.put("occurredAt", Instant.now().plus(10, ChronoUnit.MINUTES).toString()), 422, "/occurredAt"),
                no("jurisdiction missing", r -> r.remove("jurisdiction"), 422, "/jurisdiction"),
                no("jurisdiction a name", r -> r.put("jurisdiction", "Florida"), 422, "/jurisdiction"),
                no("jurisdiction with a short county", r -> r.put("jurisdiction", "US-FL-123"), 422, "/jurisdiction"),
                no("lat over 90", r -> r.putObject("location").put("lat", 90.5).put("lon", 0), 422, "/location/lat"),
                no("lon under -180", r -> r.putObject("location").put("lat", 0).put("lon", -180.1), 422, "/location/lon"),
                no("lon missing", r -> r.putObject("location").put("lat", 0), 422, "/location/lon"),
                no("lat as text", r -> r.putObject("location").put("lat", "27.9").put("lon", 0), 400, "/location/lat"),
                no("location as text", r -> r.put("location", "Tampa"), 400, "/location"),
                no("headline missing", r -> r.remove("headline"), 422, "/headline"),
                no("headline blank", r -> r.put("headline", "   "), 422, "/headline"),
                no("headline of 201 characters", r -> r.put("headline", "h".repeat(201)), 422, "/headline"),
                no("headline with a control character", r -> r.put("headline", "bell\u0007"), 422, "/headline"),
                no("headline with a NUL", r -> r.put("headline", "nul\u0000"), 422, "/headline"),
                no("narrative of 20,001 characters", r -> r.put("narrative", "n".repeat(20_001)), 422, "/narrative"),
                no("narrative with a broken surrogate", r -> r.put("narrative", "half " + LONE_SURROGATE + " pair"), 422, "/narrative"),
                no("101 phones", r -> phones(r, 101), 422, "/entities/phones"),
                no("a phone too short", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "12"), 422, "/entities/phones/0/number"),
                no("a phone that is no number", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "abc"), 422, "/entities/phones/0/number"),
                no("a phone with an unknown country code", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "+999 1"), 422, "/entities/phones/0/number"),
                no("a local-only phone", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "555-0147"), 422, "/entities/phones/0/number"),
                no("a phone of 41 characters", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "+1 813 555 0147" + " ".repeat(26)), 422, "/entities/phones/0/number"),
                no("a phone with a control character", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", "813\t555 0147"), 422, "/entities/phones/0/number"),
                no("a phone as a number", r -> ((ObjectNode) phones(r, 1).get(0)).put("number", 8135550147L), 400, "/entities/phones/0/number"),
                no("a person without name", r -> person(r).remove("name"), 422, "/entities/persons/0/name"),
                no("a date of birth that is no date", r -> person(r).put("dateOfBirth", "1990-13-01"), 422, "/entities/persons/0/dateOfBirth"),
                no("a date of birth in the future", r -> person(r).put("dateOfBirth", "2999-01-01"), 422, "/entities/persons/0/dateOfBirth"),
                no("a date of birth before year 0", r -> person(r).put("dateOfBirth", "-0001-01-01"), 422, "/entities/persons/0/dateOfBirth"),
                no("a plate without its state", r -> vehicle(r).remove("plateState"), 422, "/entities/vehicles/0/plateState"),
                no("a plate state without plate", r -> vehicle(r).remove("plate"), 422, "/entities/vehicles/0/plate"),
                no("a vehicle with neither plate nor VIN", r -> vehicle(r).removeAll().put("make", "Ford"), 422, "/entities/vehicles/0"),
                no("a VIN with the letter O", r -> vehicle(r).removeAll().put("vin", "1HGCM82633A00435O"), 422, "/entities/vehicles/0/vin"),
                no("a VIN with the letter q in lower case", r -> vehicle(r).removeAll().put("vin", "1hgcm82633a00435q"), 422, "/entities/vehicles/0/vin"),
                no("a VIN of 10 characters", r -> vehicle(r).removeAll().put("vin", "1HGCM82633"), 422, "/entities/vehicles/0/vin"),
                no("a VIN of 18 characters", r -> vehicle(r).removeAll().put("vin", "1HGCM82633A0043521"), 422, "/entities/vehicles/0/vin"),
                no("a plate with an underscore", r -> vehicle(r).put("plate", "ABC_123"), 422, "/entities/vehicles/0/plate"),
                no("a plate state spelled out", r -> vehicle(r).put("plateState", "Florida"), 422, "/entities/vehicles/0/plateState"),
                no("a null vehicle", r -> ((ArrayNode) r.get("entities").get("vehicles")).insertNull(0), 422, "/entities/vehicles/0"),
                no("vehicles as an object", r -> ((ObjectNode) r.get("entities")).putObject("vehicles"), 400, "/entities/vehicles"),
                no("a zero quantity", r -> substance(r).put("quantity", 0), 422, "/entities/substances/0/quantity"),
                no("a negative quantity", r -> substance(r).put("quantity", -2), 422, "/entities/substances/0/quantity"),
                no("a quantity too precise", r -> substance(r).put("quantity", new java.math.BigDecimal("1e-400")), 422, "/entities/substances/0/quantity"),
                no("a quantity too large", r -> substance(r).put("quantity", 1e12), 422, "/entities/substances/0/quantity"),
                no("a quantity as text", r -> substance(r).put("quantity", "2"), 400, "/entities/substances/0/quantity"),
                no("an unknown unit", r -> substance(r).put("unit", "TONS"), 400, "/entities/substances/0/unit"),
                no("a unit missing", r -> substance(r).remove("unit"), 422, "/entities/substances/0/unit"),
                no("an unknown form", r -> substance(r).put("form", "GAS"), 400, "/entities/substances/0/form"),
                no("an OVERDOSE without outcome", r -> r.put("type", "OVERDOSE"), 422, "/overdose"),
                no("an outcome without fatal", r -> outcome(r).remove("fatal"), 422, "/overdose/fatal"),
                no("fatal as text", r -> outcome(r).put("fatal", "no"), 400, "/overdose/fatal"),
                no("fatal as 0", r -> outcome(r).put("fatal", 0), 400, "/overdose/fatal"),
                no("an outcome on a DRUG_SEIZURE", r -> r.putObject("overdose").put("fatal", false).put("naloxoneAdministered", false), 422, "/overdose"),
                no("severity not CAP", r -> r.put("severity", "High"), 400, "/severity"),
                no("severity in capitals", r -> r.put("severity", "SEVERE"), 400, "/severity"),
                no("tlp unknown", r -> ((ObjectNode) r.get("marking")).put("tlp", "BLACK"), 400, "/marking/tlp"),
                no("RED without recipients", r -> ((ObjectNode) r.get("marking")).put("tlp", "RED"), 422, "/marking/recipients"),
                no("a recipient not an agency code", r -> ((ObjectNode) r.get("marking")).put("tlp", "RED").putArray("recipients").add("dea"), 422, "/marking/recipients/0"),
                no("recipients as text", r -> ((ObjectNode) r.get("marking")).put("recipients", "DEA"), 400, "/marking/recipients"));
    }

    @ParameterizedTest(name = "accepted: {0}")
    @MethodSource("accepted")
    void aReportThatKeepsTheRuleIsAccepted(String rule, Consumer<ObjectNode> change) {
        ObjectNode report = SampleReports.drugSeizure();
        change.accept(report);
        given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201)
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"));
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("refused")
    void aReportThatBreaksTheRuleIsRefusedWithItsPointer(String rule, Consumer<ObjectNode> change, int status,
            String pointer) {
        ObjectNode report = SampleReports.drugSeizure();
        change.accept(report);
        given().auth().oauth2(token).contentType("application/json")
                .body(report.toString().replace(LONE_SURROGATE, "\\ud800"))
                .when().post("/api/v1/reports")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("errors.pointer", hasItem(pointer));
    }

    @Test
    void everyOffendingFieldHasItsOwnEntry() {
        ObjectNode report = SampleReports.drugSeizure();
        report.remove("headline");
        report.put("jurisdiction", "Florida");
        vehicle(report).remove("plateState");
        given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(422)
                .body("type", startsWith("https://"))
                .body("errors", hasSize(3))
                .body("errors.pointer", hasItem("/headline"))
                .body("errors.pointer", hasItem("/jurisdiction"))
                .body("errors.pointer", hasItem("/entities/vehicles/0/plateState"));
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().auth().oauth2(token).contentType("application/json").body("{\"externalRef\": \"A\",")
                .when().post("/api/v1/reports")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1));
    }

    @Test
    void aReportWithoutMarkingIsAmberAndWithoutSeverityUnknown() {
        ObjectNode report = SampleReports.minimal();
        String location = given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201).extract().header("Location");
        given().auth().oauth2(token).when().get(location)
                .then().statusCode(200)
                .body("marking.tlp", equalTo("AMBER"))
                .body("marking.recipients", hasSize(0))
                .body("severity", equalTo("Unknown"))
                .body("entities.persons", hasSize(0))
                .body("narrative", equalTo(""));
    }

    private static Arguments ok(String rule, Consumer<ObjectNode> change) {
        return Arguments.of(rule, change);
    }

    private static Arguments no(String rule, Consumer<ObjectNode> change, int status, String pointer) {
        return Arguments.of(rule, change, status, pointer);
    }

    private static ArrayNode phones(ObjectNode report, int count) {
        ArrayNode phones = ((ObjectNode) report.get("entities")).putArray("phones");
        for (int i = 0; i < count; i++) {
            phones.addObject().put("number", "+1813555" + String.format("%04d", i));
        }
        return phones;
    }

    private static String hex() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** Turns the report into an OVERDOSE and answers its outcome, to change. */
    private static ObjectNode outcome(ObjectNode report) {
        report.setAll(SampleReports.overdose());
        return (ObjectNode) report.get("overdose");
    }

    private static ObjectNode person(ObjectNode report) {
        return (ObjectNode) report.get("entities").get("persons").get(0);
    }

    private static ObjectNode vehicle(ObjectNode report) {
        return (ObjectNode) report.get("entities").get("vehicles").get(0);
    }

    private static ObjectNode substance(ObjectNode report) {
        return (ObjectNode) report.get("entities").get("substances").get(0);
    }
}
