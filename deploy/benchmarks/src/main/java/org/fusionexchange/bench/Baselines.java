package org.fusionexchange.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KafkaBroker;
import org.fusionexchange.stack.ManagedProcess;
import org.fusionexchange.stack.PostgresServer;

/** What the report path is built on, measured on the same machine in the same run (INFRA.md's baselines). */
final class Baselines {

    static final String TOPIC = "bench-baseline";
    static final int RECORDS = 300_000;

    private final FusionStack stack;
    private final Path out;

    Baselines(FusionStack stack, Path out) {
        this.stack = stack;
        this.out = out;
    }

    /**
     * Kafka's ProducerPerformance: 1 KiB records, 6 partitions, acks=all, linger.ms=5, authenticated with SCRAM as
     * the services are.
     */
    Figure kafkaProducer() throws Exception {
        KafkaBroker kafka = stack.kafka().orElseThrow();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String output = run(kafka, "org.apache.kafka.tools.ProducerPerformance", List.of("--topic", TOPIC,
                "--num-records", Integer.toString(RECORDS), "--record-size", "1024", "--throughput", "-1",
                "--bootstrap-server", kafka.bootstrapServers(), "--command-config",
                kafka.adminClientConfig().toString(), "--command-property", "acks=all", "linger.ms=5"),
                "producer-perf.log");
        // "300000 records sent, 51234.5 records/sec (50.03 MB/sec), 250.1 ms avg latency, ... 12 ms 50th, 80 ms 99th, 120 ms 99.9th."
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec.*?(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th")
                .matcher(output);
        MatchResult last = null;
        while (m.find()) {
            last = m.toMatchResult();
        }
        if (last == null) {
            throw new IllegalStateException("Unexpected ProducerPerformance output:\n" + output);
        }
        return new Figure("Kafka producer baseline (1 KiB, acks=all)", Double.parseDouble(last.group(2)),
                Double.parseDouble(last.group(3)), Double.parseDouble(last.group(5)), Double.parseDouble(last.group(6)),
                null, null, Map.of(), Map.of());
    }

    /** Kafka's ConsumerPerformance over the records the producer baseline wrote. */
    Figure kafkaConsumer() throws Exception {
        KafkaBroker kafka = stack.kafka().orElseThrow();
        String output = run(kafka, "org.apache.kafka.tools.ConsumerPerformance", List.of("--bootstrap-server",
                kafka.bootstrapServers(), "--command-config", kafka.adminClientConfig().toString(), "--topic", TOPIC, "--num-records", Integer.toString(RECORDS),
                "--timeout", "60000"), "consumer-perf.log");
        // header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ..."
        String[] lines = output.strip().split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].contains("nMsg.sec")) {
                List<String> header = List.of(lines[i].split(",\\s*"));
                String[] values = lines[i + 1].split(",\\s*");
                return Figure.rate("Kafka consumer baseline", Double.parseDouble(values[header.indexOf("nMsg.sec")]));
            }
        }
        throw new IllegalStateException("Unexpected ConsumerPerformance output:\n" + output);
    }

    private String run(KafkaBroker kafka, String tool, List<String> args, String logName) throws Exception {
        Path log = out.resolve(logName);
        Files.deleteIfExists(log);
        ManagedProcess process = kafka.tool(tool, args, log);
        process.start();
        int exit = process.awaitExit(Duration.ofMinutes(5));
        String output = Files.readString(log);
        if (exit != 0) {
            throw new IllegalStateException(tool + " exited with " + exit + ":\n" + output);
        }
        return output;
    }

    /**
     * PostgreSQL insert-only: 1 KiB jsonb, one insert per transaction, 8 clients, for the given time; on the stack's
     * server, with the services' durable settings (fsync, synchronous_commit on).
     */
    Figure postgresInsert(Duration duration) throws Exception {
        PostgresServer pg = stack.postgres().orElseThrow();
        String url = pg.jdbcUrl("intake");
        try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, body jsonb NOT NULL)");
        }
        String body = "{\"narrative\":\"" + "x".repeat(1000) + "\"}";
        LongAdder inserts = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread client = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                        PreparedStatement insert = c.prepareStatement("INSERT INTO bench_insert (body) VALUES (?::jsonb)")) {
                    c.setAutoCommit(true);
                    while (running.get()) {
                        insert.setString(1, body);
                        insert.executeUpdate();
                        inserts.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            clients.add(client);
            client.start();
        }
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_insert");
        }
        return Figure.rate("PostgreSQL insert baseline (1 KiB jsonb, 1/tx, 8 clients)", inserts.sum() / seconds);
    }
}
