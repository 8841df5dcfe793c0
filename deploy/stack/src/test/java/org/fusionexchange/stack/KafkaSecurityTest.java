package org.fusionexchange.stack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack's broker refuses strangers on both listeners, and each service's principal may do what its ACLs grant
 * and nothing else: a reachable port 9092 is no longer a way to read every agency's alerts or rewrite the directory.
 */
class KafkaSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Path state;
    private static FusionStack stack;
    private static KafkaBroker kafka;
    /** A record the superuser put on each topic, by topic: what an allowed reader must get back. */
    private static final Map<String, String> MARKERS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"),
                "kafka-security-" + UUID.randomUUID());
        stack = FusionStack.builder(state).kafka(Ports.free(), Ports.free()).build().start();
        kafka = stack.kafka().orElseThrow();
        for (String topic : List.of("case-reports", "alerts", "directory.agencies", "directory.counties",
                "directory.ignored-entities")) {
            String marker = UUID.randomUUID().toString();
            MARKERS.put(topic, marker);
            write(kafka.adminProperties(), topic, marker);
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anUnauthenticatedClientIsRefusedOnTheClientListener() {
        Map<String, Object> stranger = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(withShortTimeouts(stranger))) {
            assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(20, TimeUnit.SECONDS));
        }
        assertThrows(RuntimeException.class, () -> write(stranger, "directory.agencies", "forged"));
        assertThrows(RuntimeException.class, () -> read(stranger, "alerts", null, MARKERS.get("alerts")));
        // the same broker, at the same moment, answers a client with credentials: the refusals above were not an
        // outage
        try (Admin admin = Admin.create(withShortTimeouts(kafka.adminProperties()))) {
            assertTrue(assertDoesNotThrow(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .contains("alerts"));
        }
        read(kafka.adminProperties(), "alerts", null, MARKERS.get("alerts"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        for (String principal : List.of(KafkaBroker.ADMIN_USER, "intake-service", "alert-service",
                "directory-service")) {
            Map<String, Object> props = kafka.clientProperties(principal);
            props.put("sasl.jaas.config", ((String) props.get("sasl.jaas.config"))
                    .replace(kafka.password(principal), "wrong-" + kafka.password(principal)));
            try (Admin admin = Admin.create(withShortTimeouts(props))) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> admin.listTopics().names().get(20, TimeUnit.SECONDS), principal);
                assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), principal);
            }
        }
    }

    @Test
    void theControllerListenerRefusesAnUnauthenticatedClientAndAWrongPassword() throws Exception {
        // a PLAINTEXT controller listener would let any local process add ACLs through --bootstrap-controller
        Map<String, Object> stranger = Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
                "127.0.0.1:" + kafka.controllerPort());
        try (Admin admin = Admin.create(withShortTimeouts(stranger))) {
            assertThrows(ExecutionException.class, () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
            assertThrows(ExecutionException.class, () -> admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(20, TimeUnit.SECONDS));
        }
        try (Admin admin = Admin.create(kafka.controllerProperties("wrong-" + kafka.controllerPassword()))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
        // the listener itself answers, to the controller's own credentials
        try (Admin admin = Admin.create(kafka.controllerProperties(kafka.controllerPassword()))) {
            assertFalse(admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS).isBlank());
        }
    }

    @Test
    void intakeServiceWritesAndChecksReportsAndReadsTheDirectoryOnly() {
        Map<String, Object> intake = kafka.clientProperties("intake-service");
        write(intake, "case-reports", "report");
        write(intake, "directory.agencies.dlq", "poison");
        read(intake, "case-reports", null, MARKERS.get("case-reports"));
        read(intake, "directory.agencies", null, MARKERS.get("directory.agencies"));

        assertThrows(TopicAuthorizationException.class, () -> read(intake, "alerts", null, MARKERS.get("alerts")));
        assertThrows(TopicAuthorizationException.class,
                () -> read(intake, "directory.counties", null, MARKERS.get("directory.counties")));
        assertThrows(TopicAuthorizationException.class, () -> read(intake, "directory.ignored-entities", null,
                MARKERS.get("directory.ignored-entities")));
        assertThrows(TopicAuthorizationException.class, () -> write(intake, "directory.agencies", "forged"));
        assertThrows(TopicAuthorizationException.class, () -> write(intake, "alerts", "forged"));
        assertThrows(TopicAuthorizationException.class, () -> write(intake, "case-reports.dlq", "forged"));
        assertThrows(GroupAuthorizationException.class, () -> read(intake, "directory.agencies", "alert-service",
                MARKERS.get("directory.agencies")));
        // intake-service reads by assignment only: no consumer group at all
        assertThrows(GroupAuthorizationException.class, () -> read(intake, "directory.agencies", "intake-service",
                MARKERS.get("directory.agencies")));
    }

    @Test
    void alertServiceReadsReportsAndTheDirectoryAndWritesAlertsOnly() {
        Map<String, Object> alert = kafka.clientProperties("alert-service");
        read(alert, "case-reports", "alert-service", MARKERS.get("case-reports"));
        read(alert, "directory.agencies", null, MARKERS.get("directory.agencies"));
        read(alert, "directory.counties", null, MARKERS.get("directory.counties"));
        read(alert, "directory.ignored-entities", null, MARKERS.get("directory.ignored-entities"));
        read(alert, "alerts", null, MARKERS.get("alerts"));
        write(alert, "alerts", "alert");
        write(alert, "case-reports.dlq", "poison");
        write(alert, "directory.agencies.dlq", "poison");

        assertThrows(TopicAuthorizationException.class, () -> write(alert, "case-reports", "forged"));
        assertThrows(TopicAuthorizationException.class, () -> write(alert, "directory.agencies", "forged"));
        assertThrows(TopicAuthorizationException.class, () -> write(alert, "directory.counties", "forged"));
        assertThrows(TopicAuthorizationException.class,
                () -> write(alert, "directory.ignored-entities", "forged"));
        assertThrows(GroupAuthorizationException.class, () -> read(alert, "case-reports", "intake-service",
                MARKERS.get("case-reports")));
        // its own groups (routing's Kafka Streams application, the projection), no other
        read(alert, "alerts", "alert-service-projection", MARKERS.get("alerts"));
        assertThrows(GroupAuthorizationException.class, () -> read(alert, "case-reports", "routing",
                MARKERS.get("case-reports")));
        // Kafka Streams creates its own topics under its application id, and no other topic
        try (Admin admin = Admin.create(withShortTimeouts(alert))) {
            assertDoesNotThrow(() -> admin.createTopics(List.of(new NewTopic("alert-service-acl-check", 1,
                    (short) 1))).all().get(20, TimeUnit.SECONDS));
            ExecutionException outside = assertThrows(ExecutionException.class, () -> admin.createTopics(List.of(
                    new NewTopic("case-reports-forged", 1, (short) 1))).all().get(20, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, outside.getCause());
        }
        // and writes in transactions under its own transactional ids only
        transact(alert, "alert-service-routing-1", "alerts");
        KafkaException refused = assertThrows(KafkaException.class,
                () -> transact(alert, "intake-service-1", "alerts"));
        assertInstanceOf(TransactionalIdAuthorizationException.class,
                refused instanceof TransactionalIdAuthorizationException ? refused : refused.getCause());
    }

    /** Writes one record in a Kafka transaction under the transactional id. */
    private static void transact(Map<String, Object> client, String transactionalId, String topic) {
        Map<String, Object> config = new HashMap<>(withShortTimeouts(client));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "acl-check", "in a transaction"));
            producer.commitTransaction();
        }
    }

    @Test
    void directoryServiceWritesTheDirectoryOnly() throws Exception {
        Map<String, Object> directory = kafka.clientProperties("directory-service");
        write(directory, "directory.agencies", "snapshot");
        write(directory, "directory.counties", "settings");
        write(directory, "directory.ignored-entities", "entry");

        assertThrows(TopicAuthorizationException.class,
                () -> read(directory, "case-reports", null, MARKERS.get("case-reports")));
        assertThrows(TopicAuthorizationException.class, () -> read(directory, "alerts", null, MARKERS.get("alerts")));
        assertThrows(TopicAuthorizationException.class, () -> write(directory, "case-reports", "forged"));
        assertThrows(TopicAuthorizationException.class, () -> write(directory, "alerts", "forged"));
        try (Admin admin = Admin.create(withShortTimeouts(directory))) {
            assertEquals(Set.of("directory.agencies", "directory.counties", "directory.ignored-entities"),
                    admin.listTopics().names().get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAclsAreExactlyTheDocumentedTable() throws Exception {
        try (Admin admin = kafka.admin()) {
            Set<AclBinding> acls = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(20, TimeUnit.SECONDS));
            assertEquals(Set.copyOf(KafkaBroker.ACLS.stream().map(KafkaBroker.Grant::binding).toList()), acls);
        }
    }

    @Test
    void theServicesPasswordsAreDrawnPerStateDirectoryAndSurviveARestart() throws Exception {
        Path credentials = state.resolve("kafka/credentials.properties");
        assertTrue(Files.exists(credentials));
        assertFalse(Files.readString(credentials).contains(KafkaBroker.ADMIN_PASSWORD));
        for (String principal : KafkaBroker.SERVICE_PRINCIPALS) {
            assertTrue(kafka.password(principal).length() >= 32, principal);
        }
        Path otherState = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"),
                "kafka-restart-" + UUID.randomUUID());
        FusionStack other = FusionStack.builder(otherState).kafka(Ports.free(), Ports.free()).build().start();
        String password;
        try {
            password = other.kafka().orElseThrow().password("intake-service");
            assertNotEquals(kafka.password("intake-service"), password);
        } finally {
            other.close();
        }
        FusionStack again = FusionStack.builder(otherState).kafka(Ports.free(), Ports.free()).build().start();
        try {
            KafkaBroker restarted = again.kafka().orElseThrow();
            assertEquals(password, restarted.password("intake-service"));
            write(restarted.clientProperties("intake-service"), "case-reports", "after-restart");
        } finally {
            again.close();
        }
    }

    private static Map<String, Object> withShortTimeouts(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        all.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return all;
    }

    /** Writes one record and waits for the broker's answer; a refusal is thrown as the client reports it. */
    private static void write(Map<String, Object> client, String topic, String value) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value, value)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the topic from the beginning until the record whose key is the marker comes back: by assignment without
     * a group (null), or subscribed in the group. A refusal is thrown as the client reports it.
     */
    private static void read(Map<String, Object> client, String topic, String group, String marker) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            if (group == null) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            } else {
                consumer.subscribe(List.of(topic));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (marker.equals(record.key())) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("The record " + marker + " did not come back from " + topic);
    }
}
