package org.fusionexchange.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Routing throughput: report events written straight to case-reports (the documented example, with new ids) and
 * the time until alert-service has published every one of their alerts to the alerts topic.
 */
final class RoutingLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT_ID = "\"reportId\":\"";

    /** The generator's client settings: the broker, authenticated as the superuser. */
    private final Map<String, Object> client;
    private final JsonNode example;

    RoutingLoad(Map<String, Object> client, Path projectDir) throws Exception {
        this.client = Map.copyOf(client);
        this.example = JSON.readTree(Files.readString(projectDir.resolve(
                "intake-service/contracts/case-reports/examples/overdose-tampa-submitted.json")));
    }

    /**
     * The backlog a just-started alert-service finds on case-reports (what intake accepted while it was stopped):
     * report events routed per second, from now until nothing is left, as alert-service's committed offsets show.
     */
    Figure catchUp(Duration timeout) throws Exception {
        long backlog = lag();
        long begin = System.nanoTime();
        awaitCaughtUp(timeout);
        double seconds = (System.nanoTime() - begin) / 1e9;
        return Figure.rate("Routing a backlog of " + backlog + " report events (to alerts stored and published)",
                backlog / seconds);
    }

    /** Report events per second, from the first event produced to the last alert published. */
    double run(int reports, Duration timeout) throws Exception {
        awaitCaughtUp(timeout);
        try (KafkaConsumer<String, String> alerts = alertsFromNow()) {
            int perReport = alertsPerReport(alerts);
            Set<String> pending = new HashSet<>();
            long begin = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < reports; i++) {
                    pending.add(send(producer));
                }
                producer.flush();
            }
            long expected = (long) reports * perReport;
            long seen = 0;
            long last = begin;
            long deadline = begin + timeout.toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : alerts.poll(Duration.ofMillis(200))) {
                    if (pending.contains(reportIdOf(record.value()))) {
                        seen++;
                        last = System.nanoTime();
                    }
                }
            }
            if (seen < expected) {
                throw new IllegalStateException("Only " + seen + " of " + expected + " alerts within " + timeout);
            }
            return reports / ((last - begin) / 1e9);
        }
    }

    /** Waits until alert-service has committed everything on case-reports (the load before may have left a backlog). */
    private void awaitCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long lag = lag(); lag > 0; lag = lag()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("alert-service still has " + lag + " report events to route");
            }
            System.out.println("    waiting for alert-service to route the " + lag + " report events left");
            Thread.sleep(5_000);
        }
    }

    /** Report events on case-reports that alert-service has not committed yet (all of them before its first start). */
    private long lag() throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<String, String> probe = new KafkaConsumer<>(client, new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions = probe.partitionsFor("case-reports").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = probe.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("alert-service")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                lag += ends.get(partition) - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    private int alertsPerReport(KafkaConsumer<String, String> alerts) throws Exception {
        String probe;
        try (KafkaProducer<String, String> producer = producer()) {
            probe = send(producer);
        }
        int count = 0;
        long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < quietUntil) {
            for (ConsumerRecord<String, String> record : alerts.poll(Duration.ofMillis(200))) {
                if (probe.equals(reportIdOf(record.value()))) {
                    count++;
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException("The probe report yielded no alert: is alert-service routing?");
        }
        return count;
    }

    /**
     * The alert's reportId, found in the text rather than by parsing the whole alert: the generator reads every
     * alert on the topic, on the two cores that alert-service uses too.
     */
    static String reportIdOf(String alert) {
        int at = alert.indexOf(REPORT_ID);
        return at < 0 ? "" : alert.substring(at + REPORT_ID.length(), Math.min(alert.length(),
                at + REPORT_ID.length() + 36));
    }

    private String send(KafkaProducer<String, String> producer) throws Exception {
        String reportId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        ObjectNode value = example.path("value").deepCopy();
        value.put("eventId", eventId).put("reportId", reportId).put("time", now);
        ((ObjectNode) value.path("report")).put("id", reportId);
        ProducerRecord<String, String> record = new ProducerRecord<>("case-reports", reportId,
                JSON.writeValueAsString(value));
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", eventId,
                "ce_type", "org.fusionexchange.intake.ReportSubmitted", "ce_source", "/intake-service",
                "ce_time", now, "ce_subject", reportId, "content-type", "application/json");
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
        return reportId;
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(with(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5)),
                new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> alertsFromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("alerts").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(client);
        all.putAll(settings);
        return all;
    }
}
