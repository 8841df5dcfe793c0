package org.fusionexchange.stack;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The whole stack: PostgreSQL, Kafka and Keycloak started side by side, then the packaged services. Closing it
 * stops everything it started, in reverse order; a JVM shutdown hook does the same on Ctrl-C.
 */
public final class FusionStack implements AutoCloseable {

    /** The JVM option that trims the native heap, without its value. */
    static final String TRIM_OPTION = "TrimNativeHeapInterval";
    /** The native heap trimmed every 5 s. */
    static final String TRIM = "-XX:" + TRIM_OPTION + "=5000";

    /**
     * The JVM of each service, sized to keep it under 512 MiB resident (issue 15): the heap, and caps on what the JVM
     * takes beside it (class metadata, compiled code, Netty's direct buffers). A deployment sets the same through
     * JAVA_OPTS. Measured at the peak of alert-service's pipeline (deploy/bench/README.md, "Where alert-service's
     * memory goes"):
     * <ul>
     * <li>the parallel collector: G1's own structures took 47 to 50 MB beside a heap of 192 to 256 MB;</li>
     * <li>a 160 MiB heap (256, then 192 before): alert-service's live heap under the entity pipeline is about 36 MB
     * after a full collection since its matching's stores are uncached and binary (session 16), and a smaller heap
     * is resident memory the services do not need;</li>
     * <li>the JDK's cache of temporary direct buffers held to 256 KiB each: uncapped, each thread that read a large
     * Kafka response into a heap buffer kept a direct copy of its size (NMT "Other", 27 MB, down to 2);</li>
     * <li>the C library's malloc heap trimmed every 5 s ({@value #TRIM_OPTION}, a product option of Java 17 since
     * 17.0.9, left out on a JVM without it): memory the JVM freed stays resident in glibc's arenas until trimmed. The
     * JIT compiler's arenas alone peaked at 29 MB in the pipeline's warm-up and were freed seconds later, and
     * alert-service's resident memory outside the JVM's own accounting crept from 43 to 77 MB over a full run; one
     * trim returned 36 MB of it (session 37).</li>
     * </ul>
     */
    public static final List<String> SERVICE_JVM = serviceJvmOptions(vmHasOption(TRIM_OPTION));

    /**
     * More JVM options for every service, separated by spaces, after {@link #SERVICE_JVM}: for a diagnosis, such as
     * {@code -XX:NativeMemoryTracking=summary}. Unset in every test and in the benchmark's published runs.
     */
    public static final String EXTRA_JVM_VARIABLE = "FUSION_SERVICE_JVM_OPTIONS";

    /** A service of the exchange: module directory name, HTTP port, its database and any extra environment. */
    public record Service(String name, int port, String database, Map<String, String> environment) {

        public Service(String name, int port, String database) {
            this(name, port, database, Map.of());
        }
    }

    private static final Logger LOG = Logger.getLogger(FusionStack.class.getName());

    private final Path stateDir;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;
    private final Path projectDir;
    private final String consoleOrigin;
    private final List<Service> serviceSpecs;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "fusion-stack-shutdown");
    private boolean closed;

    private FusionStack(Builder builder) {
        this.stateDir = builder.stateDir;
        this.postgres = builder.postgres;
        this.kafka = builder.kafka;
        this.consoleOrigin = builder.consoleOrigin();
        this.keycloak = builder.keycloakHome == null ? null
                : new KeycloakServer(builder.keycloakHome, builder.stateDir.resolve("keycloak-data"),
                        builder.stateDir.resolve("logs"), builder.keycloakPort, builder.keycloakManagementPort,
                        consoleOrigin);
        this.projectDir = builder.projectDir;
        this.serviceSpecs = List.copyOf(builder.services);
    }

    public static Builder builder(Path stateDir) {
        return new Builder(stateDir.toAbsolutePath().normalize());
    }

    public Path stateDir() {
        return stateDir;
    }

    public Optional<PostgresServer> postgres() {
        return Optional.ofNullable(postgres);
    }

    public Optional<KafkaBroker> kafka() {
        return Optional.ofNullable(kafka);
    }

    public Optional<KeycloakServer> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    /** Where browsers reach the web console: alert-service's origin. */
    public String consoleOrigin() {
        return consoleOrigin;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException("No service " + name + " in this stack"));
    }

    public FusionStack start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            List<CompletableFuture<Void>> infrastructure = new ArrayList<>();
            if (postgres != null) {
                infrastructure.add(timed("PostgreSQL", postgres::start));
            }
            if (kafka != null) {
                infrastructure.add(timed("Kafka", kafka::start));
            }
            if (keycloak != null) {
                infrastructure.add(timed("Keycloak", keycloak::start));
            }
            join(infrastructure);
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (Service spec : serviceSpecs) {
                ServiceProcess service = new ServiceProcess(spec.name(), projectDir.resolve(spec.name()), spec.port(),
                        serviceEnvironment(spec), stateDir.resolve("logs"), serviceJvm());
                services.add(service);
                started.add(timed(spec.name(), service::start));
            }
            join(started);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The services' JVM options, with or without the native heap's trim. */
    static List<String> serviceJvmOptions(boolean trim) {
        List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx160m", "-XX:+UseParallelGC",
                "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=96m",
                "-Djdk.nio.maxCachedBufferSize=262144"));
        if (trim) {
            options.add(TRIM);
        }
        return List.copyOf(options);
    }

    /**
     * Whether this JVM has the given {@code -XX} option. The services run on this JVM's own {@code java}
     * ({@link ManagedProcess#javaExecutable()}), which would refuse to start with an option it does not know.
     */
    static boolean vmHasOption(String name) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            return false;
        }
        try {
            vm.getVMOption(name);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** {@link #SERVICE_JVM}, and the options of {@value #EXTRA_JVM_VARIABLE} when it is set. */
    static List<String> serviceJvm() {
        if (!SERVICE_JVM.contains(TRIM)) {
            LOG.warning(() -> "This JVM (" + Runtime.version() + ") has no -XX:" + TRIM_OPTION + " (Java 17.0.9 or "
                    + "later has it): the memory the services free stays resident, and may take them past 512 MiB");
        }
        String extra = System.getenv(EXTRA_JVM_VARIABLE);
        if (extra == null || extra.isBlank()) {
            return SERVICE_JVM;
        }
        LOG.warning(() -> "Services start with the extra JVM options of " + EXTRA_JVM_VARIABLE + ": " + extra);
        List<String> options = new ArrayList<>(SERVICE_JVM);
        options.addAll(List.of(extra.trim().split("\\s+")));
        return options;
    }

    /** The configuration of a packaged service, by environment, pointing it at this stack. */
    public Map<String, String> serviceEnvironment(Service spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        // glibc gives each thread that allocates its own malloc arena (64 MiB reserved, partly touched): with the
        // services' thread pools that is resident memory for nothing
        env.put("MALLOC_ARENA_MAX", "2");
        // the local stack sets no default request quota (issue 18), so that the benchmark measures the services and
        // not the limiter; an agency's own quota in the directory still applies
        env.put(spec.name().replace("-service", "").toUpperCase(Locale.ROOT) + "_QUOTA_DEFAULT_REQUESTS_PER_SECOND",
                "0");
        if (postgres != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(spec.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        }
        if (kafka != null) {
            // each service authenticates as its own principal, named after it, and holds only its ACLs
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.putAll(kafkaSecurityEnvironment(kafka.securityProperties(spec.name())));
        }
        if (keycloak != null) {
            env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.issuer());
            env.put("QUARKUS_KEYCLOAK_ADMIN_CLIENT_SERVER_URL", keycloak.baseUrl());
            if (spec.name().equals("directory-service")) {
                // the production profile holds no secret: the launcher gives the demo realm's
                env.put("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET", KeycloakServer.DIRECTORY_SERVICE_SECRET);
            }
        }
        // the web console, served by alert-service, calls the other two directly: they allow its origin (CORS), and
        // it is told where they are
        if (spec.name().equals("alert-service")) {
            serviceUrl("intake-service").ifPresent(url -> env.put("ALERT_CONSOLE_INTAKE_URL", url));
            serviceUrl("directory-service").ifPresent(url -> env.put("ALERT_CONSOLE_DIRECTORY_URL", url));
        } else {
            env.put("QUARKUS_HTTP_CORS_ORIGINS", consoleOrigin);
        }
        env.putAll(spec.environment());
        return env;
    }

    private Optional<String> serviceUrl(String name) {
        return serviceSpecs.stream().filter(s -> s.name().equals(name)).findFirst()
                .map(s -> "http://127.0.0.1:" + s.port());
    }

    /** security.protocol and sasl.* as the environment variables Quarkus maps to kafka.* (KAFKA_SASL_JAAS_CONFIG). */
    private static Map<String, String> kafkaSecurityEnvironment(Map<String, String> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        settings.forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'),
                value));
        return env;
    }

    private static CompletableFuture<Void> timed(String what, Runnable start) {
        return CompletableFuture.runAsync(() -> {
            LOG.info("Starting " + what + " ...");
            Instant begin = Instant.now();
            start.run();
            LOG.info(what + " is up (" + Duration.between(begin, Instant.now()).toMillis() + " ms)");
        });
    }

    private static void join(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
        LOG.info("Stopping the stack ...");
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (ServiceProcess service : services) {
            stopping.add(CompletableFuture.runAsync(service::close));
        }
        stopping.forEach(CompletableFuture::join);
        stopping.clear();
        if (keycloak != null) {
            stopping.add(CompletableFuture.runAsync(keycloak::close));
        }
        if (kafka != null) {
            stopping.add(CompletableFuture.runAsync(kafka::close));
        }
        stopping.forEach(CompletableFuture::join);
        if (postgres != null) {
            postgres.close();
        }
        LOG.info("Stack stopped");
    }

    /** Chooses the parts of the stack and their ports. */
    public static final class Builder {
        private final Path stateDir;
        private PostgresServer postgres;
        private KafkaBroker kafka;
        private Path keycloakHome;
        private int keycloakPort;
        private int keycloakManagementPort;
        private Path projectDir;
        private final List<Service> services = new ArrayList<>();

        private Builder(Path stateDir) {
            this.stateDir = stateDir;
        }

        public Builder postgres(int port, List<String> databases) {
            postgres = new PostgresServer(stateDir.resolve("postgres"), port, PostgresServer.External.fromEnvironment(),
                    databases);
            return this;
        }

        public Builder kafka(int port, int controllerPort) {
            kafka = new KafkaBroker(stateDir.resolve("kafka"), port, controllerPort, "768m");
            return this;
        }

        /**
         * @param home where Keycloak is unpacked and built, possibly shared with other stacks; the realm data stays
         *        in this stack's state directory
         */
        public Builder keycloak(Path home, int port, int managementPort) {
            keycloakHome = home.toAbsolutePath().normalize();
            keycloakPort = port;
            keycloakManagementPort = managementPort;
            return this;
        }

        /** alert-service's origin when it is one of the services, else where the local run puts it. */
        private String consoleOrigin() {
            return services.stream().filter(s -> s.name().equals("alert-service")).findFirst()
                    .map(s -> "http://127.0.0.1:" + s.port()).orElse(KeycloakServer.DEFAULT_CONSOLE_ORIGIN);
        }

        public Builder services(Path projectDir, List<Service> specs) {
            this.projectDir = projectDir.toAbsolutePath().normalize();
            services.addAll(specs);
            return this;
        }

        public FusionStack build() {
            return new FusionStack(this);
        }
    }
}
