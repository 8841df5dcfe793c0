package org.fusionexchange.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.Ports;
import org.fusionexchange.stack.ServiceProcess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one benchmark command (deploy/bench/run.sh): starts the stack with the packaged services on free ports,
 * measures the baselines and the exchange in the same run, prints one table, and writes results.json and
 * latency.svg.
 *
 * <p>Usage: {@code Benchmark <project-dir> <output-dir>}.
 */
public final class Benchmark {

    private static final int WARM_UP_ROUNDS = 40;
    private static final double SETTLED_COMPILER_SHARE = 0.05;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    private Benchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // the load generators' HTTP clients keep non-daemon threads: end the JVM here, not when they time out
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = Path.of(args[1]).toAbsolutePath().normalize();
        Files.createDirectories(out);
        Path state = out.resolve("stack-" + System.currentTimeMillis());

        List<Figure> figures = new ArrayList<>();
        Map<String, Object> processes = new LinkedHashMap<>();
        try (FusionStack stack = FusionStack.builder(state)
                .postgres(Ports.free(), List.of("directory", "intake", "alert"))
                .kafka(Ports.free(), Ports.free())
                .keycloak(project.resolve("target/test-keycloak"), Ports.free(), Ports.free())
                .services(project, List.of(
                        new FusionStack.Service("directory-service", Ports.free(), "directory",
                                Map.of("DIRECTORY_DEMO_DATA_ENABLED", "true")),
                        new FusionStack.Service("intake-service", Ports.free(), "intake"),
                        new FusionStack.Service("alert-service", Ports.free(), "alert")))
                .build().start()) {
            KeycloakServer keycloak = stack.keycloak().orElseThrow();
            Baselines baselines = new Baselines(stack, out);

            step("Kafka producer baseline");
            Figure producer = measure(figures, baselines::kafkaProducer);
            step("Kafka consumer baseline");
            Figure consumer = measure(figures, baselines::kafkaConsumer);
            step("PostgreSQL insert baseline");
            Figure postgres = measure(figures, () -> baselines.postgresInsert(Duration.ofSeconds(15)));

            // intake is measured on its own: alert-service would route the reports on the same two cores meanwhile
            ServiceProcess alerts = stack.service("alert-service");
            alerts.close();
            String intakeUrl = stack.service("intake-service").baseUrl();
            IntakeLoad intake = new IntakeLoad(intakeUrl, () -> keycloak.passwordToken("tampa.reporter", "demo"));
            warmUp(intake, stack.service("intake-service"));
            for (int connections : new int[] { 32, 128 }) {
                step("Intake, single reports, " + connections + " connections (alert-service stopped)");
                measure(figures, () -> {
                    IntakeLoad.Outcome single = intake.closedLoop("/api/v1/reports", connections,
                            Duration.ofSeconds(5), Duration.ofSeconds(20), () -> ReportBodies.single("US-FL-12057"), 1,
                            201);
                    return Figure.latency("Intake single, " + connections + " connections (failures "
                            + single.failures() + ")", single.itemsPerSecond(), single.latencies())
                            .against(postgres.name(), postgres.perSecond());
                });
            }
            // The same requests down to validation, without storing or publishing: what the fixed path (HTTP, token
            // check, JSON, validation) reaches alone. No accepted report can be faster than this.
            step("Intake, single reports refused by validation, 32 connections (nothing stored or published)");
            measure(figures, () -> {
                IntakeLoad.Outcome refused = intake.closedLoop("/api/v1/reports", 32, Duration.ofSeconds(10),
                        Duration.ofSeconds(20), ReportBodies::refusedByValidation, 1, 422);
                return Figure.latency("Intake single refused by validation, nothing stored (failures "
                        + refused.failures() + ")", refused.itemsPerSecond(), refused.latencies())
                        .against(postgres.name(), postgres.perSecond());
            });
            step("Intake, batches of 100 (alert-service stopped)");
            measure(figures, () -> {
                IntakeLoad.Outcome batch = intake.closedLoop("/api/v1/reports/batch", 4, Duration.ofSeconds(5),
                        Duration.ofSeconds(20), () -> ReportBodies.batch(100, "US-FL-12057"), 100, 200);
                return Figure.latency("Intake batch of 100, 4 connections (latency per batch; failures "
                        + batch.failures() + ")", batch.itemsPerSecond(), batch.latencies())
                        .against(producer.name(), producer.perSecond());
            });
            step("Intake, single reports at 1,000/s offered (alert-service stopped)");
            measure(figures, () -> {
                IntakeLoad.Outcome paced = intake.openLoop(1000, Duration.ofSeconds(15),
                        () -> ReportBodies.single("US-FL-12057"), accepted -> { });
                return Figure.latency("Intake single at 1,000/s offered (failures " + paced.failures() + ")",
                        paced.itemsPerSecond(), paced.latencies()).against(postgres.name(), postgres.perSecond());
            });

            step("Routing the reports intake accepted meanwhile (alert-service started)");
            alerts.start();
            RoutingLoad routing = new RoutingLoad(stack.kafka().orElseThrow().adminProperties(), project);
            measure(figures, () -> routing.catchUp(Duration.ofMinutes(15)).against(consumer.name(),
                    consumer.perSecond()));
            step("Routing throughput, 20,000 report events written to case-reports");
            measure(figures, () -> Figure.rate("Routing (report events to alerts published)",
                    routing.run(20_000, Duration.ofMinutes(5))).against(consumer.name(), consumer.perSecond()));

            // without CPU figures: these stages go on after the last report, until its alert arrives
            step("End to end at 100 reports/s");
            keep(figures, endToEnd(stack, keycloak, intake, 100));
            // the 1,000/s run last: when the services cannot keep up, its backlog outlasts the run
            step("End to end at 1000 reports/s");
            keep(figures, endToEnd(stack, keycloak, intake, 1000));

            for (ServiceProcess service : stack.services()) {
                processes.put(service.name(), Map.of("residentMiB", service.process().residentKib() / 1024,
                        "startupSeconds", service.startupTime().toMillis() / 1000.0));
            }
            processes.put("kafka", Map.of("residentMiB", stack.kafka().orElseThrow().process().residentKib() / 1024));
            processes.put("keycloak", Map.of("residentMiB", keycloak.process().residentKib() / 1024));
        }

        String table = Report.table(figures, processes);
        System.out.println(table);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("time", Instant.now().toString());
        results.put("machine", Report.machine());
        results.put("figures", figures.stream().map(Report::asMap).toList());
        results.put("processes", processes);
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(results));
        Files.writeString(out.resolve("results.txt"), table);
        Files.writeString(out.resolve("latency.svg"), Report.chart(figures));
        System.out.println("Wrote " + out.resolve("results.json") + ", results.txt and latency.svg");
    }

    /**
     * A freshly started JVM compiles for minutes on two busy cores, and a figure measured meanwhile is HotSpot's
     * warm-up rather than the service's. Single reports at 32 connections in rounds of 15 s, not measured, until
     * the JIT compiler threads take less than {@value #SETTLED_COMPILER_SHARE} of intake-service's CPU in a round
     * (at most {@value #WARM_UP_ROUNDS} rounds; the rate and the compilers' share of each round are printed).
     */
    private static void warmUp(IntakeLoad intake, ServiceProcess service) throws InterruptedException {
        step("Warm-up: single reports at 32 connections until intake-service's JIT compiler settles (not measured)");
        CompilerActivity compiler = new CompilerActivity(service.process().pid());
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            CompilerActivity.Sample before = compiler.sample();
            double rate = intake.closedLoop("/api/v1/reports", 32, Duration.ZERO, Duration.ofSeconds(15),
                    () -> ReportBodies.single("US-FL-12057"), 1, 201).itemsPerSecond();
            OptionalDouble share = compiler.sample().compilerShareSince(before);
            if (share.isEmpty()) {
                // not Linux, or /proc unreadable: go on for all rounds rather than stop on a guess
                System.out.printf("    round %d: %.0f reports/s, JIT compiler share unknown%n", round, rate);
                continue;
            }
            System.out.printf("    round %d: %.0f reports/s, JIT compiler %.0f%% of the service's CPU%n", round, rate,
                    100 * share.getAsDouble());
            if (round >= 3 && share.getAsDouble() < SETTLED_COMPILER_SHARE) {
                return;
            }
        }
        System.out.println("    the compiler had not settled; the figures below include some warm-up");
    }

    /** Time from a report's 201 to its alert on hcso.analyst's SSE stream, at a fixed offered rate for 15 s. */
    private static Figure endToEnd(FusionStack stack, KeycloakServer keycloak, IntakeLoad intake, int rate)
            throws Exception {
        String streamUrl = stack.service("alert-service").baseUrl() + "/api/v1/alerts/stream?topics=overdose";
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        try (AlertStream stream = new AlertStream(streamUrl, keycloak.passwordToken("hcso.analyst", "demo"))) {
            IntakeLoad.Outcome sent = intake.openLoop(rate, Duration.ofSeconds(15),
                    () -> ReportBodies.single("US-FL-12057"),
                    answer -> accepted.put(idOf(answer.body()), answer.arrivedNanos()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int lost;
            do {
                lost = 0;
                for (String id : accepted.keySet()) {
                    if (stream.arrival(id) == null) {
                        lost++;
                    }
                }
                if (lost > 0) {
                    Thread.sleep(200);
                }
            } while (lost > 0 && System.nanoTime() < deadline);
            accepted.forEach((id, at) -> {
                Long arrived = stream.arrival(id);
                if (arrived != null) {
                    latencies.record(arrived - at);
                }
            });
            return Figure.latency("End to end, 201 to SSE, at " + rate + "/s offered (" + accepted.size()
                    + " accepted, " + lost + " not delivered)", sent.itemsPerSecond(), latencies);
        }
    }

    private static String idOf(String body) {
        try {
            return JSON.readTree(body).path("id").asText();
        } catch (Exception e) {
            return "";
        }
    }

    /** A measured stage of the run, giving its figure. */
    @FunctionalInterface
    private interface Stage {
        Figure run() throws Exception;
    }

    /** Runs a stage and keeps its figure with the cores each part of the run used meanwhile. */
    private static Figure measure(List<Figure> figures, Stage stage) throws Exception {
        MachineCpu.Sample before = MachineCpu.sample();
        Figure figure = stage.run().withCpu(MachineCpu.sample().coresSince(before));
        keep(figures, figure);
        return figure;
    }

    /** Keeps a figure for the table, and prints it at once, so that a later failure does not lose it. */
    private static void keep(List<Figure> figures, Figure figure) throws Exception {
        figures.add(figure);
        System.out.println("    " + JSON.copy().disable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Report.asMap(figure)));
    }

    private static void step(String what) {
        System.out.println("==> " + what);
    }
}
