package org.fusionexchange.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The tests' side of Kafka: feeding contract messages in with a plain producer, reading the alerts topic. */
public final class Exchange {

    /** A record of the alerts topic as {@code {key, headers, value}}, like the contract's example files. */
    public record Published(String key, Map<String, String> headers, JsonNode value) {
    }

    private static volatile boolean directoryPublished;

    private Exchange() {
    }

    public static void send(FusionStack stack, String topic, JsonNode... messages) {
        send(stack, topic, List.of(messages));
    }

    public static void send(FusionStack stack, String topic, List<? extends JsonNode> messages) {
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (JsonNode message : messages) {
                sent.add(producer.send(ContractExamples.record(topic, message)));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Publishes the 22 demo agencies once per test JVM, and waits until the routing view holds them. */
    public static void demoDirectory(FusionStack stack, DirectoryView view) {
        synchronized (Exchange.class) {
            if (!directoryPublished) {
                send(stack, "directory.agencies", DemoDirectory.messages());
                directoryPublished = true;
            }
        }
        await("the demo directory in the routing view", Duration.ofSeconds(30),
                () -> view.agency("SW-BORDER-TF").isPresent() && view.agency("BW-BPS").isPresent());
    }

    /** The records of the alerts topic about one report, waiting until there are at least {@code count}. */
    public static List<Published> alertsOfReport(FusionStack stack, UUID reportId, int count, Duration timeout) {
        return alertsWhere(stack, value -> reportId.toString().equals(value.path("reportId").asText()), count,
                timeout);
    }

    /**
     * The records of the alerts topic whose value matches, waiting until there are at least {@code count}, then a
     * little longer to see one too many. Read {@code read_committed} from the beginning, as the projection and the
     * live feed read it, each record gets its recipient's number by counting here too: routing writes them
     * unnumbered ({@code seq} 0), and a record numbered already keeps its number.
     */
    public static List<Published> alertsWhere(FusionStack stack, Predicate<JsonNode> matches, int count,
            Duration timeout) {
        List<Published> found = new ArrayList<>();
        Map<String, Long> numbers = new HashMap<>();
        Map<String, Object> properties = new HashMap<>(stack.kafka().orElseThrow().adminProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("alerts").stream()
                    .map(p -> new TopicPartition("alerts", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline) && found.size() < count) {
                collect(consumer.poll(Duration.ofMillis(200)), matches, numbers, found);
            }
            collect(consumer.poll(Duration.ofMillis(500)), matches, numbers, found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void collect(Iterable<ConsumerRecord<String, byte[]>> records, Predicate<JsonNode> matches,
            Map<String, Long> numbers, List<Published> found) throws IOException {
        for (ConsumerRecord<String, byte[]> record : records) {
            ObjectNode value = (ObjectNode) ContractExamples.JSON.readTree(record.value());
            long given = value.path("seq").asLong();
            if (given > 0) {
                numbers.merge(record.key(), given, Math::max);
            } else {
                value.put("seq", numbers.merge(record.key(), 1L, Long::sum));
                // read again, as any JSON parser reads the numbered alert (a small number is an int node)
                value = (ObjectNode) ContractExamples.JSON.readTree(ContractExamples.JSON.writeValueAsBytes(value));
            }
            if (matches.test(value)) {
                Map<String, String> headers = new HashMap<>();
                for (Header h : record.headers()) {
                    headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
                found.add(new Published(record.key(), headers, value));
            }
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Sends TAMPA-PD's AMBER overdose in US-FL-12057 (the contract example) as a new report and waits until its four
     * alerts (HCSO, FL-FUSION, DEA, TAMPA-BAY-TF) are stored; answers its id.
     */
    public static UUID routedOverdose(FusionStack stack, AlertRepository alerts, Duration timeout) {
        UUID reportId = UUID.randomUUID();
        send(stack, "case-reports", report("overdose-tampa-submitted.json", reportId));
        await("the alerts of " + reportId, timeout,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", reportId)) == 4);
        return reportId;
    }

    /** A case-reports example for a new report id, with its value edited. */
    public static ObjectNode report(String example, UUID reportId) {
        return ContractExamples.caseReport(example, reportId);
    }

    private static KafkaProducer<String, byte[]> producer(FusionStack stack) {
        return new KafkaProducer<>(stack.kafka().orElseThrow().adminProperties(Map.of(ProducerConfig.ACKS_CONFIG,
                "all")), new StringSerializer(), new ByteArraySerializer());
    }
}
