package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.ReportListStatus;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/** A suspension on directory.agencies (the directory-service's own example message) shuts the agency out. */
@QuarkusTest
class SuspensionTest {

    private static final Path SUSPENDED_EXAMPLE =
            Path.of("../directory-service/contracts/directory.agencies/examples/phoenix-pd-suspended.json");

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aSuspendedAgencyIsForbiddenEverywhereUntilItIsActiveAgain() throws Exception {
        JsonNode example = SampleReports.JSON.readTree(Files.readString(SUSPENDED_EXAMPLE));
        long version = System.currentTimeMillis();
        String token = Tokens.of(stack, "phoenix.reporter");
        String id = SampleReports.submit(token, SampleReports.minimal());
        try {
            publish(example, "SUSPENDED", version);
            ReportListStatus.await(token, 403, ReportListStatus.SUSPENSION_DEADLINE);
            given().auth().oauth2(token).contentType("application/json").body(SampleReports.minimal().toString())
                    .when().post("/api/v1/reports")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", equalTo("Agency PHOENIX-PD is suspended."));
            given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(403);
            given().auth().oauth2(token).contentType("application/json").body("[]")
                    .when().post("/api/v1/reports/batch").then().statusCode(403);
            given().auth().oauth2(token).contentType("application/json").body("{\"reason\":\"x\"}")
                    .when().post("/api/v1/reports/" + id + "/retraction").then().statusCode(403);
            // another agency is not affected
            given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).when().get("/api/v1/reports")
                    .then().statusCode(200);
            // an older snapshot arriving late changes nothing
            publish(example, "ACTIVE", version - 1);
            Thread.sleep(1_000);
            given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(403);
        } finally {
            publish(example, "ACTIVE", version + 1);
        }
        ReportListStatus.await(token, 200, ReportListStatus.SUSPENSION_DEADLINE);
        given().auth().oauth2(token).contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports").then().statusCode(201);
    }

    private void publish(JsonNode example, String status, long version) throws Exception {
        ObjectNode value = example.get("value").deepCopy();
        value.put("status", status).put("version", version);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(stack.kafka().orElseThrow().adminProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("directory.agencies",
                    example.get("key").asText(), value.toString());
            example.get("headers").fields().forEachRemaining(h -> record.headers().add(h.getKey(),
                    (h.getKey().equals("ce_id") ? UUID.randomUUID().toString() : h.getValue().asText())
                            .getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }
}
