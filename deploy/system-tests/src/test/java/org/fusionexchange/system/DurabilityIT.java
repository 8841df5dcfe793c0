package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fusionexchange.stack.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/**
 * Nothing acknowledged is lost: reports answered 201 survive PostgreSQL killed with SIGKILL right after the last
 * answer, and each reaches case-reports exactly once.
 */
@ExtendWith(SystemStack.class)
class DurabilityIT {

    private static final int REPORTS = 300;
    private static final int CLIENTS = 16;

    @Test
    void everyReportAnswered201SurvivesASigkillOfPostgresAndReachesCaseReportsExactlyOnce() throws Exception {
        String token = ScenarioIT.token("tampa.reporter");
        String url = SystemStack.url("intake-service") + "/api/v1/reports";
        List<String> accepted = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                String headline = "Durability " + i;
                answers.add(clients.submit(() -> {
                    var response = given().auth().oauth2(token).contentType(ContentType.JSON)
                            .body(Reports.overdose("US-FL-12103", "AMBER", List.of(), headline))
                            .when().post(url).then().extract();
                    return response.statusCode() == 201 ? response.path("id") : null;
                }));
            }
            for (Future<String> answer : answers) {
                String id = answer.get();
                if (id != null) {
                    accepted.add(id);
                }
            }
        } finally {
            clients.shutdown();
        }
        PostgresServer postgres = SystemStack.stack().postgres().orElseThrow();
        postgres.kill();
        postgres.restart();
        assertEquals(REPORTS, accepted.size(), "every report was accepted before the crash");

        assertEquals(REPORTS, countStored(postgres, accepted), "reports answered 201 are in intake's database");
        Map<String, Integer> onTopic = ScenarioIT.eventually(() -> {
            Map<String, Integer> seen = caseReportsPerReport(Set.copyOf(accepted));
            return seen.keySet().containsAll(accepted) ? seen : null;
        }, Duration.ofSeconds(120));
        // read once more after a pause: a record sent again after the restart would show here
        Thread.sleep(5_000);
        onTopic = caseReportsPerReport(Set.copyOf(accepted));
        for (String id : accepted) {
            assertEquals(1, onTopic.get(id), "events of report " + id + " on case-reports");
        }
        // and the intake answers again, from the same database
        ScenarioIT.eventually(() -> given().auth().oauth2(token).when().get(url + "/" + accepted.get(0))
                .then().extract().statusCode() == 200 ? true : null, Duration.ofSeconds(60));
    }

    private static int countStored(PostgresServer postgres, List<String> ids) throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl("intake"), postgres.username(),
                postgres.password());
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM case_report WHERE id = ANY (?)")) {
            query.setArray(1, db.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many events of each of these reports (submitted only, never amended) are on case-reports. */
    private static Map<String, Integer> caseReportsPerReport(Set<String> ids) {
        Map<String, Integer> perReport = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(SystemStack.stack().kafka().orElseThrow()
                .adminProperties(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("case-reports", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "case-reports could not be read to its end");
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (ids.contains(record.key())) {
                        perReport.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return perReport;
    }
}
