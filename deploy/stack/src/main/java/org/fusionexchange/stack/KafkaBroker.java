package org.fusionexchange.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Kafka broker in KRaft mode, in its own JVM, with the exchange's topics created up front.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The topics of the exchange: name, partitions, compacted. Documented in the root README. */
    public record Topic(String name, int partitions, boolean compacted) {
    }

    public static final List<Topic> TOPICS = List.of(
            new Topic("case-reports", 6, false),
            new Topic("alerts", 6, false),
            new Topic("directory.agencies", 1, true));

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final ManagedProcess process;

    public KafkaBroker(Path dir, int port, int controllerPort, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xms128m", "-Xmx" + heap,
                "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-cp", StackBinaries.kafkaClasspath(), "kafka.Kafka", dir.resolve("server.properties").toString()));
        this.process = new ManagedProcess("kafka", command, Map.of(), dir, dir.resolve("logs/process.log"));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "the Kafka controller");
        writeConfig();
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            format();
        }
        process.start();
        process.awaitReady(this::answers, Duration.ofSeconds(180));
        createTopics();
        LOG.info("Kafka ready on " + bootstrapServers());
    }

    /** Starts the broker again on its existing data, as after a crash. */
    public void restart() {
        process.start();
        process.awaitReady(this::answers, Duration.ofSeconds(180));
    }

    private void writeConfig() {
        Properties server = new Properties();
        server.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("num.partitions", "6"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "6"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.backoff.ms", "5000")));
        String log4j = """
                status = warn
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
                rootLogger.level = info
                rootLogger.appenderRef.file.ref = file
                logger.kafka.name = kafka
                logger.kafka.level = warn
                logger.apache.name = org.apache.kafka
                logger.apache.level = warn
                logger.started.name = kafka.server.KafkaRaftServer
                logger.started.level = info
                """.formatted(dir.resolve("logs/server.log"));
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            try (var out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
                server.store(out, "written by fusion-stack");
            }
            Files.writeString(dir.resolve("log4j2.properties"), log4j);
        } catch (IOException e) {
            throw new StackException("Cannot write the Kafka configuration in " + dir, e);
        }
    }

    private void format() {
        ManagedProcess format = new ManagedProcess("kafka-storage-format", List.of(ManagedProcess.javaExecutable(),
                "-Xmx256m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", StackBinaries.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", dir.resolve("server.properties").toString()),
                Map.of(), dir, dir.resolve("logs/format.log"));
        format.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (format.isAlive() && System.nanoTime() < deadline) {
            ManagedProcess.sleep(Duration.ofMillis(100));
        }
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            throw new StackException("Formatting the Kafka storage failed:\n" + format.logTail(30));
        }
    }

    /** A Kafka cluster id: 16 random bytes, base64url without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        String id;
        do {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    /**
     * A Kafka command-line tool (ProducerPerformance, ConsumerPerformance, ...) against this broker, in its own JVM
     * on the broker's classpath; started, not waited for.
     */
    public ManagedProcess tool(String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xmx512m",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", StackBinaries.kafkaClasspath(), mainClass));
        command.addAll(args);
        return new ManagedProcess(mainClass.substring(mainClass.lastIndexOf('.') + 1), command, Map.of(), dir, log);
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private boolean answers() {
        if (!Ports.isOpen(port)) {
            return false;
        }
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.compacted()
                                    ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                                    : Map.of()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("Cannot create the Kafka topics: " + e.getCause(), e);
            }
        } catch (Exception e) {
            throw new StackException("Cannot create the Kafka topics: " + e, e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
