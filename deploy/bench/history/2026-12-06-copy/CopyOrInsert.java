import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.sql.*;
import java.time.*;
import java.time.temporal.ChronoUnit;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

public class CopyOrInsert {
    static int GROUP = Integer.getInteger("group", 100);
    static final String URL = "jdbc:postgresql://127.0.0.1:5498/intake?reWriteBatchedInserts=true";
    static String template;

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        int seconds = Integer.parseInt(a[1]);
        int threads = Integer.getInteger("threads", 8);
        StringBuilder sb = new StringBuilder("{\"externalRef\":\"REF\",\"type\":\"overdose\",\"summary\":\"");
        while (sb.length() < 1150) sb.append("Suspected fentanyl overdose at a residence, \\\"two\\\" patients transported. ");
        sb.append("\",\"id\":\"ID\"}");
        template = sb.toString();
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("truncate case_report, report_version, outbox");
            c.createStatement().execute("checkpoint");
        }
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> ts = new ArrayList<>();
        long cpu0 = pgCpu();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        List<Object[]> rows = rows(GROUP);
                        if (mode.equals("insert")) insert(c, rows); else copy(c, rows);
                        c.commit();
                        done.addAndGet(GROUP);
                    }
                } catch (Exception e) { e.printStackTrace(); }
            });
            th.start(); ts.add(th);
        }
        Thread.sleep(2000L);
        long cpuStart = pgCpu();
        long doneStart = done.get();
        long tStart = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpuEnd = pgCpu();
        long doneEnd = done.get();
        double secs = (System.nanoTime() - tStart) / 1e9;
        stop.set(true);
        for (Thread th : ts) th.join();
        long cpu = cpuEnd - cpuStart;
        long n = doneEnd - doneStart;
        System.out.printf("%s group %d: %.0f reports/s; PG CPU %.3f ms/report (%.2f cores)%n", mode, GROUP, n / secs,
                cpu * 10.0 / n, cpu / 100.0 / secs);
    }

    static long pgCpu() throws IOException {
        long sum = 0;
        for (File f : new File("/proc").listFiles()) {
            if (!f.getName().matches("\\d+")) continue;
            try {
                String st = Files.readString(f.toPath().resolve("stat"));
                if (!st.contains("(postgres)")) continue;
                String[] p = st.substring(st.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(p[11]) + Long.parseLong(p[12]);
            } catch (IOException e) { }
        }
        return sum;
    }

    static List<Object[]> rows(int n) {
        List<Object[]> r = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            String ref = "TPD-" + id.toString().substring(0, 12);
            r.add(new Object[] {id, "TAMPA-PD", ref, "overdose", 1, "ACTIVE", now, now, UUID.randomUUID(), "CREATED",
                    template.replace("REF", ref).replace("ID", id.toString()), null});
        }
        return r;
    }

    static void insert(Connection c, List<Object[]> rows) throws SQLException {
        String t = rows.get(0)[6].toString();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO case_report (id, agency, external_ref, type, version, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz))")) {
            for (Object[] r : rows) { p.setObject(1, r[0]); p.setString(2, (String) r[1]); p.setString(3, (String) r[2]); p.setString(4, (String) r[3]); p.setInt(5, (Integer) r[4]); p.setString(6, (String) r[5]); p.setString(7, t); p.setString(8, t); p.addBatch(); }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_version (event_id, report_id, version, event_type, created_at, body) VALUES (?, ?, ?, ?, CAST(? AS timestamptz), ?)")) {
            for (Object[] r : rows) { p.setObject(1, r[8]); p.setObject(2, r[0]); p.setInt(3, 1); p.setString(4, (String) r[9]); p.setString(5, t); p.setString(6, (String) r[10]); p.addBatch(); }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO outbox (event_id, report_id, created_at, trace_parent) VALUES (?, ?, CAST(? AS timestamptz), ?)")) {
            for (Object[] r : rows) { p.setObject(1, r[8]); p.setObject(2, r[0]); p.setString(3, t); p.setNull(4, Types.VARCHAR); p.addBatch(); }
            p.executeBatch();
        }
    }

    static final long EPOCH_2000 = 946684800000000L;

    static void copy(Connection c, List<Object[]> rows) throws Exception {
        var api = c.unwrap(PGConnection.class).getCopyAPI();
        Bin b = new Bin();
        for (Object[] r : rows) { b.tuple(8); b.uuid((UUID) r[0]); b.text((String) r[1]); b.text((String) r[2]); b.text((String) r[3]); b.int4((Integer) r[4]); b.text((String) r[5]); b.time((Instant) r[6]); b.time((Instant) r[7]); }
        b.send(api, "COPY case_report (id, agency, external_ref, type, version, status, received_at, updated_at) FROM STDIN (FORMAT binary)");
        b = new Bin();
        for (Object[] r : rows) { b.tuple(6); b.uuid((UUID) r[8]); b.uuid((UUID) r[0]); b.int4(1); b.text((String) r[9]); b.time((Instant) r[7]); b.text((String) r[10]); }
        b.send(api, "COPY report_version (event_id, report_id, version, event_type, created_at, body) FROM STDIN (FORMAT binary)");
        b = new Bin();
        for (Object[] r : rows) { b.tuple(4); b.uuid((UUID) r[8]); b.uuid((UUID) r[0]); b.time((Instant) r[7]); b.nul(); }
        b.send(api, "COPY outbox (event_id, report_id, created_at, trace_parent) FROM STDIN (FORMAT binary)");
    }

    static final class Bin {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(150_000);
        final DataOutputStream out = new DataOutputStream(bytes);
        Bin() throws IOException { out.write("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1)); out.writeInt(0); out.writeInt(0); }
        void tuple(int n) throws IOException { out.writeShort(n); }
        void uuid(UUID u) throws IOException { out.writeInt(16); out.writeLong(u.getMostSignificantBits()); out.writeLong(u.getLeastSignificantBits()); }
        void text(String s) throws IOException { byte[] b = s.getBytes(StandardCharsets.UTF_8); out.writeInt(b.length); out.write(b); }
        void int4(int i) throws IOException { out.writeInt(4); out.writeInt(i); }
        void time(Instant t) throws IOException { out.writeInt(8); out.writeLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000 - EPOCH_2000); }
        void nul() throws IOException { out.writeInt(-1); }
        void send(org.postgresql.copy.CopyManager api, String sql) throws Exception {
            out.writeShort(-1);
            byte[] b = bytes.toByteArray();
            CopyIn in = api.copyIn(sql);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
        }
    }
}
