package org.fusionexchange.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.fusionexchange.alert.Exchange.Published;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.Ports;
import org.fusionexchange.stack.PostgresServer;
import org.fusionexchange.stack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Two packaged alert-service instances in one consumer group, against real Kafka and PostgreSQL: they share the
 * case-reports partitions, and every expected alert exists exactly once, in the database and on the alerts topic,
 * also when one instance stops half-way. An overdose spike in Pasco, begun while both run, gets one Alert per
 * recipient, and after the stop its Update (not a second Alert): the county's state moved with its task. Then the
 * other instance stops too and a new one starts with empty stores: they are restored from their changelogs, so an
 * entity match made before gets its Cancels, and the spike its second Update, never a second Alert. Through all of it,
 * each recipient's alerts are stored numbered 1 to n, as a reader counting on the topic numbers them.
 */
class TwoInstancesIT {

    private static final int REPORTS = 40;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static FusionStack stack;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        Path state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"))
                .resolve("it-" + System.currentTimeMillis());
        stack = FusionStack.builder(state).postgres(Ports.free(), List.of("alert")).kafka(Ports.free(), Ports.free())
                .build().start();
        Exchange.send(stack, "directory.agencies", DemoDirectory.messages());
        for (String name : List.of("alert-a", "alert-b")) {
            startInstance(name);
        }
        // the second instance has partitions once the group's rebalance is over and its streams run
        Exchange.await("routing streams running in both instances", WAIT,
                () -> logLines("alert-a", "Routing streams RUNNING") > 0
                        && logLines("alert-b", "Routing streams RUNNING") > 0);
    }

    /** A packaged instance, with a state directory of its own (a new one starts with empty stores). */
    private static void startInstance(String name) {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(
                stack.serviceEnvironment(new FusionStack.Service("alert-service", port, "alert")));
        // this test needs no Keycloak: routing and publishing only
        env.put("QUARKUS_OIDC_TENANT_ENABLED", "false");
        // production requires the setting (AlertMain); nothing listens there and the tenant is off
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:1/realms/fusion");
        ServiceProcess instance = new ServiceProcess(name, Path.of("").toAbsolutePath(), port, env,
                stack.stateDir().resolve("logs"), List.of("-Xms64m", "-Xmx256m"));
        instances.add(instance);
        instance.start();
    }

    @AfterAll
    static void stop() {
        instances.forEach(ServiceProcess::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoInstancesShareTheWorkWithNoDuplicateAndNoMissingAlert() {
        List<UUID> reports = new ArrayList<>();
        List<ObjectNode> firstHalf = new ArrayList<>();
        List<ObjectNode> secondHalf = new ArrayList<>();
        for (int i = 0; i < REPORTS; i++) {
            UUID id = UUID.randomUUID();
            reports.add(id);
            firstHalf.add(Exchange.report("overdose-tampa-submitted.json", id));
            secondHalf.add(Exchange.report("overdose-tampa-amended.json", id));
        }
        Exchange.send(stack, "case-reports", firstHalf);
        // redelivery of the whole first half, as after a crash before the commit of offsets
        Exchange.send(stack, "case-reports", firstHalf);
        List<ObjectNode> pasco = List.of(pascoOverdose(), pascoOverdose(), pascoOverdose());
        Exchange.send(stack, "case-reports", pasco);
        // and again: a redelivered report counts once
        Exchange.send(stack, "case-reports", pasco);
        // the same phone in a report of HCSO and one of PCSO: a match, one side each
        String phone = "+1727" + (2_000_000 + new java.util.Random().nextInt(7_000_000));
        UUID hcsoReport = UUID.randomUUID();
        Exchange.send(stack, "case-reports", withPhone(hcsoReport, "HCSO", phone),
                withPhone(UUID.randomUUID(), "PCSO", phone));
        awaitAlertCount(REPORTS * 4);
        Map<String, String> matchAlerts = new HashMap<>();
        for (Published p : Exchange.alertsWhere(stack, v -> phone.equals(v.path("match").path("value").asText()), 2,
                WAIT)) {
            assertTrue(matchAlerts.put(p.key(), p.value().path("id").asText()) == null, "one match alert each");
        }
        assertEquals(Set.of("HCSO", "PCSO"), matchAlerts.keySet());
        assertEquals(Map.of("DEA", "Alert", "FL-FUSION", "Alert", "HCSO", "Alert", "PCSO", "Alert", "TAMPA-PD",
                "Alert"), pascoSpike(5));
        double routedByA = routedBy(instances.get(0));
        double routedByB = routedBy(instances.get(1));
        assertTrue(routedByA > 0 && routedByB > 0, "both instances routed reports: " + routedByA + " and "
                + routedByB);
        // at least once each: a transaction aborted by a rebalance is routed again (and counted again), its alerts
        // of the aborted attempt never seen by a read_committed reader, as the counts below show
        assertTrue(routedByA + routedByB >= REPORTS, "every report routed: " + (routedByA + routedByB));

        // one instance leaves; the other takes its partitions over
        instances.get(1).close();
        Exchange.send(stack, "case-reports", secondHalf);
        awaitAlertCount(REPORTS * 8);
        // three more in Pasco: 6 in 1 h, the spike's Update wherever its county's task now runs
        Exchange.send(stack, "case-reports", List.of(pascoOverdose(), pascoOverdose(), pascoOverdose()));
        assertEquals(Map.of("DEA", "Alert,Update", "FL-FUSION", "Alert,Update", "HCSO", "Alert,Update", "PCSO",
                "Alert,Update", "TAMPA-PD", "Alert,Update"), pascoSpike(10));

        // a restart: the remaining instance leaves too, and a new one with empty state directories restores the
        // stores from their changelogs
        instances.get(0).close();
        startInstance("alert-c");
        Exchange.await("routing streams running in the new instance", WAIT,
                () -> logLines("alert-c", "Routing streams RUNNING") > 0);
        // no match lost: HCSO's report retracted, each side's Cancel refers to the Alert it had
        ObjectNode retraction = withPhone(hcsoReport, "HCSO", phone);
        ((ObjectNode) retraction.path("value")).put("type", "ReportRetracted").put("version", 2);
        ((ObjectNode) retraction.path("value").path("report")).put("status", "RETRACTED").put("version", 2);
        Exchange.send(stack, "case-reports", retraction);
        List<Published> cancels = Exchange.alertsWhere(stack, v -> "Cancel".equals(v.path("msgType").asText())
                && matchAlerts.containsValue(v.path("references").path(0).asText()), 2, WAIT);
        assertEquals(Set.of("HCSO", "PCSO"), cancels.stream().map(Published::key).collect(
                java.util.stream.Collectors.toSet()), "each side's Cancel after the restart: " + cancels);
        cancels.forEach(c -> assertEquals("RETRACTED", c.value().path("cancelReason").asText()));
        // no spike re-alerted: four more in Pasco, 10 in 24 h, the third window crossed: an Update again
        Exchange.send(stack, "case-reports", List.of(pascoOverdose(), pascoOverdose(), pascoOverdose(),
                pascoOverdose()));
        assertEquals(Map.of("DEA", "Alert,Update,Update", "FL-FUSION", "Alert,Update,Update", "HCSO",
                "Alert,Update,Update", "PCSO", "Alert,Update,Update", "TAMPA-PD", "Alert,Update,Update"),
                pascoSpike(15));

        // the example's reports only: the Pasco reports have their own alerts (FL-FUSION and DEA)
        Map<String, Integer> stored = new HashMap<>(countsByRecipientReportVersion());
        stored.keySet().removeIf(key -> reports.stream().noneMatch(r -> key.contains("/" + r + "/")));
        assertEquals(REPORTS * 8, stored.size());
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "one alert per recipient and version");
        for (UUID report : reports) {
            for (String agency : List.of("HCSO", "FL-FUSION", "DEA", "TAMPA-BAY-TF")) {
                for (int version = 1; version <= 2; version++) {
                    assertEquals(1, stored.getOrDefault(agency + "/" + report + "/" + version, 0));
                }
            }
        }
        Set<String> published = new HashSet<>();
        for (UUID report : reports) {
            List<Published> records = Exchange.alertsOfReport(stack, report, 8, WAIT);
            for (Published record : records) {
                assertTrue(published.add(record.value().get("id").asText()), "published twice: " + record.value());
            }
            assertEquals(8, records.size(), "alerts on the topic for report " + report);
        }

        // each recipient's alerts numbered 1 to n without gaps, however the alerts partitions moved between the
        // instances' projections, each with the number a reader counting on the topic from its start gives it
        Map<String, Long> numbers = query("select id, seq from alert", rs -> {
            Map<String, Long> read = new HashMap<>();
            while (rs.next()) {
                read.put(rs.getString(1), rs.getLong(2));
            }
            return read;
        });
        List<Published> all = Exchange.alertsWhere(stack, v -> true, numbers.size(), WAIT);
        assertEquals(numbers.size(), all.size(), "every alert on the topic stored once");
        for (Published p : all) {
            assertEquals(p.value().path("seq").asLong(), numbers.get(p.value().path("id").asText()), p.key());
        }
        assertEquals(List.of(), query("select recipient from alert group by recipient"
                + " having min(seq) <> 1 or max(seq) <> count(*) or count(distinct seq) <> count(*)", rs -> {
                    List<String> gaps = new ArrayList<>();
                    while (rs.next()) {
                        gaps.add(rs.getString(1));
                    }
                    return gaps;
                }), "recipients whose numbers are not 1 to n");
    }

    /** The example's overdose as a report of the agency, in Pinellas, with one phone and no vehicle. */
    private static ObjectNode withPhone(UUID id, String agency, String e164) {
        ObjectNode message = Exchange.report("overdose-tampa-submitted.json", id);
        ((ObjectNode) message.path("value")).put("agency", agency);
        ObjectNode report = (ObjectNode) message.path("value").path("report");
        report.put("agency", agency).put("jurisdiction", "US-FL-12103");
        ObjectNode entities = (ObjectNode) report.path("entities");
        entities.putArray("vehicles");
        entities.putArray("phones").addObject().put("number", e164).put("e164", e164);
        return message;
    }

    /** An AMBER overdose in Pasco occurring now, as a new report. */
    private static ObjectNode pascoOverdose() {
        ObjectNode message = Exchange.report("overdose-tampa-submitted.json", UUID.randomUUID());
        ObjectNode report = (ObjectNode) message.path("value").path("report");
        report.put("jurisdiction", "US-FL-12101");
        report.put("occurredAt", java.time.Instant.now().minusSeconds(60).toString());
        report.putNull("location");
        return message;
    }

    /** The msgTypes of the Pasco spike's alerts per recipient, in topic order, once there are {@code count}. */
    private static Map<String, String> pascoSpike(int count) {
        List<Published> found = Exchange.alertsWhere(stack,
                v -> "US-FL-12101".equals(v.path("spike").path("county").asText()), count, WAIT);
        Map<String, String> by = new java.util.TreeMap<>();
        Set<String> spikes = new HashSet<>();
        for (Published p : found) {
            by.merge(p.key(), p.value().path("msgType").asText(), (a, b) -> a + "," + b);
            spikes.add(p.value().path("spike").path("id").asText());
        }
        assertEquals(1, spikes.size(), "one spike in Pasco: " + found);
        return by;
    }

    /** The report versions the instance routed, from its /q/metrics. */
    private static double routedBy(ServiceProcess instance) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(instance.baseUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(l -> l.startsWith("fusion_reports_routed_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long logLines(String instance, String containing) {
        Path log = stack.stateDir().resolve("logs").resolve(instance + ".log");
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(containing)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitAlertCount(int count) {
        Exchange.await(count + " alerts", WAIT, () -> query("select count(*) from alert where report_id is not null",
                rs -> {
                    rs.next();
                    return rs.getInt(1);
                }) >= count);
    }

    private static Map<String, Integer> countsByRecipientReportVersion() {
        return query("select recipient, report_id, report_version, count(*) from alert where report_id is not null"
                + " group by recipient, report_id, report_version", rs -> {
                    Map<String, Integer> counts = new HashMap<>();
                    while (rs.next()) {
                        counts.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3), rs.getInt(4));
                    }
                    return counts;
                });
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(String sql, Rows<T> rows) {
        PostgresServer pg = stack.postgres().orElseThrow();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("alert"), pg.username(), pg.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rows.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
