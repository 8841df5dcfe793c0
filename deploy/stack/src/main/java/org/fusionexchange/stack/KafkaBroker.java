package org.fusionexchange.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A single-node Kafka broker in KRaft mode, in its own JVM, with the exchange's topics created up front. It refuses
 * strangers: clients authenticate with SASL/SCRAM-SHA-512, the controller listener with SASL/PLAIN, and the
 * StandardAuthorizer lets each service's principal do only what {@link #ACLS} grants it.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The topics of the exchange: name, partitions, compacted. Documented in the root README. */
    public record Topic(String name, int partitions, boolean compacted) {
    }

    public static final List<Topic> TOPICS = List.of(
            new Topic("case-reports", 6, false),
            new Topic("alerts", 6, false),
            new Topic("directory.agencies", 1, true),
            // counties' own settings (spike thresholds), by county code
            new Topic("directory.counties", 1, true),
            // the administrators' ignore list of entity values (phones, VINs, plates), by entity key
            new Topic("directory.ignored-entities", 1, true),
            // dead letters: records that can never be processed, with the reason in their headers
            new Topic("case-reports.dlq", 6, false),
            new Topic("directory.agencies.dlq", 1, false));

    /** The superuser for operators' tools and tests; fixed, as the README gives it. */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    /** The services' principals, named after the services; their passwords are drawn per state directory. */
    public static final List<String> SERVICE_PRINCIPALS = List.of("intake-service", "alert-service",
            "directory-service");

    /**
     * One permission of a service's principal: an operation on a topic, or on the consumer groups whose names start
     * with a prefix. Read and Write imply Describe, and Write on a topic implies idempotent writes.
     */
    public record Grant(String principal, AclOperation operation, ResourceType resourceType, String name,
            PatternType patternType) {

        static Grant topic(String principal, AclOperation operation, String topic) {
            return new Grant(principal, operation, ResourceType.TOPIC, topic, PatternType.LITERAL);
        }

        static Grant group(String principal, String group) {
            return new Grant(principal, AclOperation.READ, ResourceType.GROUP, group, PatternType.LITERAL);
        }

        /** The consumer groups whose names start with the prefix. */
        static Grant groups(String principal, String prefix) {
            return new Grant(principal, AclOperation.READ, ResourceType.GROUP, prefix, PatternType.PREFIXED);
        }

        /** An operation on the topics whose names start with the prefix. */
        static Grant topics(String principal, AclOperation operation, String prefix) {
            return new Grant(principal, operation, ResourceType.TOPIC, prefix, PatternType.PREFIXED);
        }

        /** Kafka transactions under the transactional ids that start with the prefix (Write implies Describe). */
        static Grant transactions(String principal, String prefix) {
            return new Grant(principal, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, prefix,
                    PatternType.PREFIXED);
        }

        AclBinding binding() {
            return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /** Everything the services may do; nothing else is allowed (allow.everyone.if.no.acl.found=false). */
    public static final List<Grant> ACLS = List.of(
            Grant.topic("intake-service", AclOperation.WRITE, "case-reports"),
            // the relay looks for records already on the topic after a crash, by assignment (PublishedCheck)
            Grant.topic("intake-service", AclOperation.READ, "case-reports"),
            Grant.topic("intake-service", AclOperation.READ, "directory.agencies"),
            Grant.topic("intake-service", AclOperation.WRITE, "directory.agencies.dlq"),
            Grant.topic("alert-service", AclOperation.READ, "case-reports"),
            Grant.topic("alert-service", AclOperation.READ, "directory.agencies"),
            Grant.topic("alert-service", AclOperation.READ, "directory.counties"),
            Grant.topic("alert-service", AclOperation.READ, "directory.ignored-entities"),
            // routing writes alerts in Kafka transactions; the live SSE fan-out and the projection read them back
            Grant.topic("alert-service", AclOperation.READ, "alerts"),
            Grant.topic("alert-service", AclOperation.WRITE, "alerts"),
            Grant.topic("alert-service", AclOperation.WRITE, "case-reports.dlq"),
            Grant.topic("alert-service", AclOperation.WRITE, "directory.agencies.dlq"),
            // routing's Kafka Streams application (id alert-service) and the projection (alert-service-projection)
            Grant.groups("alert-service", "alert-service"),
            // Kafka Streams' own topics (the repartition by recipient, the state stores' changelogs), which it creates
            // at its first start
            Grant.topics("alert-service", AclOperation.CREATE, "alert-service-"),
            Grant.topics("alert-service", AclOperation.READ, "alert-service-"),
            Grant.topics("alert-service", AclOperation.WRITE, "alert-service-"),
            Grant.topics("alert-service", AclOperation.DESCRIBE_CONFIGS, "alert-service-"),
            // it purges the repartition topic up to what it committed
            Grant.topics("alert-service", AclOperation.DELETE, "alert-service-"),
            // exactly-once: the stream threads' transactional ids are alert-service-<process>-<thread>
            Grant.transactions("alert-service", "alert-service-"),
            Grant.topic("directory-service", AclOperation.WRITE, "directory.agencies"),
            Grant.topic("directory-service", AclOperation.WRITE, "directory.counties"),
            Grant.topic("directory-service", AclOperation.WRITE, "directory.ignored-entities"));

    private static final String CONTROLLER_USER = "controller";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final ManagedProcess process;
    private Map<String, String> passwords;

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

    public int controllerPort() {
        return controllerPort;
    }

    /**
     * The settings of a client authenticating as the principal ({@link #ADMIN_USER} or one of
     * {@link #SERVICE_PRINCIPALS}), as a new map the caller may add to.
     */
    public Map<String, Object> clientProperties(String principal) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(securityProperties(principal));
        return props;
    }

    /** The settings of a client authenticating as the principal, with the given settings on top. */
    public Map<String, Object> clientProperties(String principal, Map<String, ?> settings) {
        Map<String, Object> props = clientProperties(principal);
        props.putAll(settings);
        return props;
    }

    /** The settings of a client authenticating as the superuser, for tests' and tools' own clients. */
    public Map<String, Object> adminProperties() {
        return clientProperties(ADMIN_USER);
    }

    public Map<String, Object> adminProperties(Map<String, ?> settings) {
        return clientProperties(ADMIN_USER, settings);
    }

    /** security.protocol, sasl.mechanism and sasl.jaas.config for the principal. */
    public Map<String, String> securityProperties(String principal) {
        return Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", SASL_MECHANISM,
                "sasl.jaas.config", jaas(SCRAM_LOGIN, principal,
                        password(principal), Map.of()));
    }

    /** The password of a principal: fixed for the superuser, drawn at the first start for the services. */
    public String password(String principal) {
        if (ADMIN_USER.equals(principal)) {
            return ADMIN_PASSWORD;
        }
        String password = credentials().get(principal);
        if (password == null) {
            throw new StackException("No Kafka principal " + principal + "; there are " + ADMIN_USER + " and "
                    + SERVICE_PRINCIPALS);
        }
        return password;
    }

    /**
     * A properties file for Kafka's command-line tools ({@code --command-config}) that authenticates as the
     * superuser; written at start.
     */
    public Path adminClientConfig() {
        return dir.resolve("admin-client.properties");
    }

    /** The settings of an Admin talking to the controller listener (bootstrap.controllers), as the controller. */
    Map<String, Object> controllerProperties(String password) {
        return Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + controllerPort,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(PLAIN_LOGIN, CONTROLLER_USER,
                        password, Map.of()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    }

    String controllerPassword() {
        return credentials().get(CONTROLLER_USER);
    }

    private static String jaas(String module, String user, String password, Map<String, String> options) {
        StringBuilder jaas = new StringBuilder(module).append(" required username=\"").append(user)
                .append("\" password=\"").append(password).append('"');
        options.forEach((k, v) -> jaas.append(' ').append(k).append("=\"").append(v).append('"'));
        return jaas.append(';').toString();
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "the Kafka controller");
        boolean formatted = Files.exists(dir.resolve("data/meta.properties"));
        boolean unsecured = formatted && !Files.exists(credentialsFile());
        if (unsecured) {
            addCredentials();
        }
        writeConfig(false);
        if (!formatted) {
            format();
        }
        process.start();
        process.awaitReady(() -> answers(admin()), Duration.ofSeconds(180));
        createTopics();
        grantAcls();
        LOG.info("Kafka ready on " + bootstrapServers() + " (SASL " + SASL_MECHANISM + ")");
    }

    /** Starts the broker again on its existing data, as after a crash. */
    public void restart() {
        process.start();
        process.awaitReady(() -> answers(admin()), Duration.ofSeconds(180));
    }

    /**
     * @param migrating also accept PLAIN from the superuser on the client listener, with its fixed password: only
     *        while {@link #addCredentials()} gives a storage formatted before SASL its SCRAM credentials
     */
    private void writeConfig(boolean migrating) {
        Properties server = new Properties();
        server.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                        + controllerPort),
                Map.entry("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "SASL_PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"),
                Map.entry("sasl.enabled.mechanisms", migrating ? SASL_MECHANISM + ",PLAIN" : SASL_MECHANISM),
                Map.entry("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM),
                Map.entry("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        jaas(SCRAM_LOGIN, ADMIN_USER, ADMIN_PASSWORD,
                                Map.of())),
                // SCRAM credentials live in the metadata the controller serves, so the controller listener takes
                // PLAIN with one static user: no process reaches it, and adds ACLs through it, unauthenticated
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config",
                        jaas(PLAIN_LOGIN, CONTROLLER_USER,
                                controllerPassword(), Map.of("user_" + CONTROLLER_USER, controllerPassword()))),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                Map.entry("super.users", "User:" + ADMIN_USER + ";User:" + CONTROLLER_USER),
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
        if (migrating) {
            server.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas(PLAIN_LOGIN, ADMIN_USER,
                    ADMIN_PASSWORD, Map.of("user_" + ADMIN_USER, ADMIN_PASSWORD)));
        }
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
            writePrivate(dir.resolve("server.properties"), server, "written by fusion-stack");
            Properties tools = new Properties();
            tools.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            tools.putAll(securityProperties(ADMIN_USER));
            writePrivate(adminClientConfig(), tools,
                    "Kafka's tools as the superuser: --command-config " + adminClientConfig());
            Files.writeString(dir.resolve("log4j2.properties"), log4j);
        } catch (IOException e) {
            throw new StackException("Cannot write the Kafka configuration in " + dir, e);
        }
    }

    /** Formats the storage with a SCRAM credential per principal, so that no client is ever let in without one. */
    private void format() {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(),
                "-Xmx256m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", StackBinaries.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", dir.resolve("server.properties").toString()));
        for (String principal : principals()) {
            command.add("--add-scram");
            command.add(SASL_MECHANISM + "=[name=" + principal + ",password=" + password(principal) + "]");
        }
        ManagedProcess format = new ManagedProcess("kafka-storage-format", command, Map.of(), dir,
                dir.resolve("logs/format.log"));
        format.start();
        // a second or two on an idle machine; minutes on a loaded one
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (format.isAlive() && System.nanoTime() < deadline) {
            ManagedProcess.sleep(Duration.ofMillis(100));
        }
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            throw new StackException("Formatting the Kafka storage failed:\n" + format.logTail(30));
        }
    }

    private static List<String> principals() {
        return Stream.concat(Stream.of(ADMIN_USER), SERVICE_PRINCIPALS.stream()).toList();
    }

    private Path credentialsFile() {
        return dir.resolve("credentials.properties");
    }

    /**
     * The controller's and the services' passwords, drawn once per state directory and kept in
     * credentials.properties (owner-only), so that they outlive restarts as the SCRAM credentials in the storage do.
     */
    private synchronized Map<String, String> credentials() {
        if (passwords != null) {
            return passwords;
        }
        Properties stored = new Properties();
        Path file = credentialsFile();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
            }
            boolean drawn = false;
            for (String principal : Stream.concat(Stream.of(CONTROLLER_USER), SERVICE_PRINCIPALS.stream()).toList()) {
                if (stored.getProperty(principal) == null) {
                    stored.setProperty(principal, randomPassword());
                    drawn = true;
                }
            }
            if (drawn) {
                Files.createDirectories(dir);
                writePrivate(file, stored,
                        "Kafka passwords of this state directory (SCRAM-SHA-512; controller: PLAIN)");
            }
        } catch (IOException e) {
            throw new StackException("Cannot read or write the Kafka credentials in " + file, e);
        }
        Map<String, String> loaded = new LinkedHashMap<>();
        stored.stringPropertyNames().forEach(name -> loaded.put(name, stored.getProperty(name)));
        passwords = Map.copyOf(loaded);
        return passwords;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writePrivate(Path file, Properties properties, String comment) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the state directory's own permissions are all there is
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, comment);
        }
    }

    /**
     * A storage formatted before the broker required SASL has no SCRAM credentials, so nobody could log in, and the
     * controller quorum does not take them directly: the broker starts once accepting the superuser over PLAIN as
     * well, which adds them, and stops.
     */
    private void addCredentials() {
        writeConfig(true);
        Map<String, Object> plainAdmin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(PLAIN_LOGIN, ADMIN_USER, ADMIN_PASSWORD, Map.of()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        process.start();
        try {
            process.awaitReady(() -> answers(Admin.create(plainAdmin)), Duration.ofSeconds(180));
            List<UserScramCredentialUpsertion> upsertions = principals().stream()
                    .map(principal -> new UserScramCredentialUpsertion(principal,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(principal)))
                    .toList();
            try (Admin admin = Admin.create(plainAdmin)) {
                admin.alterUserScramCredentials(List.copyOf(upsertions)).all().get(30, TimeUnit.SECONDS);
            }
            LOG.info("Added SCRAM credentials to the Kafka storage in " + dir.resolve("data")
                    + ", formatted before SASL");
        } catch (Exception e) {
            // drawn again, and tried again, at the next start
            passwords = null;
            try {
                Files.deleteIfExists(credentialsFile());
            } catch (IOException ignored) {
                // the message below says what to do
            }
            throw new StackException("The Kafka storage in " + dir.resolve("data") + " predates SASL and its "
                    + "credentials could not be added (" + e + "); delete " + dir + " to start afresh", e);
        } finally {
            process.stop(Duration.ofSeconds(30));
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

    /** An Admin authenticated as the superuser. */
    public Admin admin() {
        return Admin.create(adminProperties(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000)));
    }

    private boolean answers(Admin client) {
        if (!Ports.isOpen(port)) {
            client.close();
            return false;
        }
        try (Admin admin = client) {
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

    /**
     * Makes the services' ACLs exactly {@link #ACLS}: adds what is missing (adding an existing binding changes
     * nothing) and removes any other binding of a service principal, such as one a former version granted.
     */
    private void grantAcls() {
        Set<AclBinding> wanted = Set.copyOf(ACLS.stream().map(Grant::binding).toList());
        try (Admin admin = admin()) {
            admin.createAcls(wanted).all().get(30, TimeUnit.SECONDS);
            List<AclBindingFilter> stale = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)
                    .stream()
                    .filter(binding -> SERVICE_PRINCIPALS.stream()
                            .anyMatch(principal -> binding.entry().principal().equals("User:" + principal)))
                    .filter(binding -> !wanted.contains(binding))
                    .map(AclBinding::toFilter)
                    .toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
            }
            // the broker's authorizer learns them from the metadata log a moment later; services started right
            // after this would be refused meanwhile (DescribeAcls answers from that same authorizer)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)
                    .containsAll(wanted)) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("The broker did not apply the ACLs within 30 s");
                }
                ManagedProcess.sleep(Duration.ofMillis(100));
            }
        } catch (Exception e) {
            throw new StackException("Cannot set the Kafka ACLs: " + e, e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
