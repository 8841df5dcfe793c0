package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed table, the JSON of the results, and the latency chart. */
final class Report {

    /** Parts below this many cores in a repetition are left out of the CPU lines. */
    private static final double SHOWN_CORES = 0.01;
    /** Processes outside the run that take this many cores in a repetition make its figure doubtful. */
    private static final double SHARED_CORES = 0.1;

    private final Plan plan;
    private final List<Figure> baselines;
    private final List<Figure> stages;
    private final Map<String, MemorySampler.Resident> memory;
    private final Map<String, Double> startup;
    private final long memoryTargetMiB;
    private final String took;
    private final String time = Instant.now().toString();

    Report(Plan plan, List<Figure> baselines, List<Figure> stages, Map<String, MemorySampler.Resident> memory,
            Map<String, Double> startup, long memoryTargetMiB, String took) {
        this.plan = plan;
        this.baselines = List.copyOf(baselines);
        this.stages = List.copyOf(stages);
        this.memory = new LinkedHashMap<>(memory);
        this.startup = new LinkedHashMap<>(startup);
        this.memoryTargetMiB = memoryTargetMiB;
        this.took = took;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nFusion Exchange benchmark, %s run finished %s, took %s; %d "
                + "repetition(s) of each stage and PostgreSQL baseline%nmachine: %s%n", plan.mode(), time, took,
                plan.repetitions(), machine()));
        int width = 20;
        for (Figure f : concat(baselines, stages)) {
            width = Math.max(width, f.name().length());
        }
        out.append(String.format(Locale.ROOT, "%n%-" + width + "s %16s %10s %10s%n", "Baselines, first, with the "
                + "services idle", "median", "min", "max"));
        for (Figure f : baselines) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %16s %10s %10s%n", f.name(),
                    rate(f.median()) + " " + f.unit(), rate(f.min()), rate(f.max())));
        }
        out.append(String.format(Locale.ROOT, "%n%-" + width + "s %22s %10s %10s %22s %8s %8s %9s  %s%n", "Stage",
                "median", "min", "max", "median ratio", "p50 ms", "p99 ms", "worst p99", "target"));
        for (Figure f : stages) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %22s %10s %10s %22s %8s %8s %9s  %s%n", f.name(),
                    rate(f.median()) + " " + f.unit(), rate(f.min()), rate(f.max()),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f× %s", f.ratio(), label(f.baseline())),
                    ms(f.medianLatency(Latencies.Summary::p50)), ms(f.medianLatency(Latencies.Summary::p99)),
                    ms(f.worstP99()), f.target() == null ? "" : verdict(f.met()) + f.target()));
        }
        out.append(String.format(Locale.ROOT, "%nWhat each stage's median repetition did%n"));
        for (Figure f : concat(baselines, stages)) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", f.name(), f.medianRepetition().note()));
        }
        out.append(String.format(Locale.ROOT, "%nCPU ms per item in the median repetition (the stage's unit: "
                + "transaction, row, report, alert record or request), in all and per process, with the cores busy "
                + "(of %d)%n", Runtime.getRuntime().availableProcessors()));
        for (Figure f : concat(baselines, stages)) {
            Repetition r = f.medianRepetition();
            StringBuilder parts = new StringBuilder();
            r.cpuCores().entrySet().stream().filter(part -> part.getValue() >= SHOWN_CORES)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(part -> parts.append(String.format(Locale.ROOT, "; %s %s (%.2f)", part.getKey(),
                            perItem(r, part.getValue()), part.getValue())));
            out.append(String.format(Locale.ROOT, "%-" + width + "s total %s (%.2f)%s%n", f.name(),
                    perItem(r, r.totalCores()), r.totalCores(), parts));
        }
        List<String> shared = concat(baselines, stages).stream().filter(f -> f.medianRepetition().cpuCores()
                .getOrDefault(MachineCpu.OTHER, 0.0) >= SHARED_CORES).map(Figure::key).toList();
        if (!shared.isEmpty()) {
            out.append(String.format(Locale.ROOT, "WARNING: processes outside the run took %.1f cores or more during "
                    + "%s: those figures shared the machine%n", SHARED_CORES, String.join(", ", shared)));
        }
        out.append(String.format(Locale.ROOT, "%n%-48s %14s %14s %12s  %s%n", "process", "max resident", "at the end",
                "start-up s", "target"));
        memory.forEach((name, resident) -> {
            boolean service = name.endsWith("-service");
            out.append(String.format(Locale.ROOT, "%-48s %10d MiB %10d MiB %12s  %s%n", name, resident.maxMiB(),
                    resident.lastMiB(), startup.containsKey(name) ? String.format(Locale.ROOT, "%.1f",
                            startup.get(name)) : "", !service ? "" : (resident.maxMiB() < memoryTargetMiB ? "met: "
                                    : "MISSED: ") + "< " + memoryTargetMiB + " MiB"));
        });
        startup.forEach((name, seconds) -> {
            if (!memory.containsKey(name)) {
                out.append(String.format(Locale.ROOT, "%-48s %14s %14s %12.1f%n", name, "", "", seconds));
            }
        });
        return out.toString();
    }

    Map<String, Object> asMap() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("time", time);
        results.put("took", took);
        results.put("mode", plan.mode());
        results.put("repetitions", plan.repetitions());
        results.put("machine", machine());
        results.put("baselines", baselines.stream().map(Report::asMap).toList());
        results.put("stages", stages.stream().map(Report::asMap).toList());
        Map<String, Object> processes = new LinkedHashMap<>();
        memory.forEach((name, resident) -> processes.put(name, Map.of("maxResidentMiB", resident.maxMiB(),
                "residentMiBAtEnd", resident.lastMiB())));
        results.put("processes", processes);
        results.put("startupSeconds", startup);
        results.put("memoryTargetMiB", memoryTargetMiB);
        return results;
    }

    private static Map<String, Object> asMap(Figure f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("key", f.key());
        map.put("name", f.name());
        map.put("unit", f.unit());
        map.put("median", f.median());
        map.put("min", f.min());
        map.put("max", f.max());
        map.put("baseline", f.baseline() == null ? null : f.baseline().key());
        map.put("ratio", f.ratio());
        map.put("p50MsMedian", f.medianLatency(Latencies.Summary::p50));
        map.put("p99MsMedian", f.medianLatency(Latencies.Summary::p99));
        map.put("p99MsWorst", f.worstP99());
        map.put("target", f.target());
        map.put("met", f.met());
        List<Map<String, Object>> repetitions = new ArrayList<>();
        for (Repetition r : f.repetitions()) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("perSecond", r.perSecond());
            rep.put("note", r.note());
            rep.put("missingAlerts", r.missing());
            rep.put("latencyMs", r.latency());
            rep.put("cpuCores", r.cpuCores());
            repetitions.add(rep);
        }
        map.put("repetitions", repetitions);
        return map;
    }

    /** Latency percentile curves (log-scaled axes) of the median repetition of each stage with latencies, as SVG. */
    String chart() {
        List<Figure> curves = stages.stream().filter(Figure::hasLatency).toList();
        double maxMs = curves.stream().flatMap(f -> f.medianRepetition().latency().curve().values().stream())
                .mapToDouble(Double::doubleValue).max().orElse(1);
        int width = 1000, left = 70, right = 20, top = 40, plotH = 320;
        int height = top + plotH + 50 + 18 * curves.size();
        int plotW = width - left - right;
        String[] colours = { "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
            "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6" };
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" "
                + "fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">Fusion Exchange latency by "
                + "percentile (ms, log scale; median repetition of each stage; %s)</text>%n", left, time));
        for (double t : new double[] { 0, 50, 90, 99, 99.9, 99.99 }) {
            double x = left + plotW * position(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%s</text>%n", x, top, x, top + plotH, x,
                    top + plotH + 16, t == Math.floor(t) ? Integer.toString((int) t) : Double.toString(t)));
        }
        // latency on a log scale, a line per power of ten from 1 ms: a saturated stage does not flatten the others
        int decades = Math.max(1, (int) Math.ceil(Math.log10(Math.max(10, maxMs))));
        for (int i = 0; i <= decades; i++) {
            double y = top + plotH - plotH * i / (double) decades;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left, y, left + plotW, y,
                    left - 6, y + 4, Math.pow(10, i)));
        }
        for (int c = 0; c < curves.size(); c++) {
            Figure f = curves.get(c);
            StringBuilder points = new StringBuilder();
            f.medianRepetition().latency().curve().forEach((p, ms) -> points.append(String.format(Locale.ROOT,
                    "%.1f,%.1f ", left + plotW * position(p), top + plotH - plotH * Math.log10(Math.max(1, ms))
                            / decades)));
            String colour = colours[c % colours.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", colour, points.toString().trim()));
            int ly = top + plotH + 40 + c * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", left, ly - 5, colour, left + 20, ly,
                    f.name().replace("&", "&amp;").replace("<", "&lt;")));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** 0..1 along the axis, where each nine of the percentile takes the same width. */
    private static double position(double percentile) {
        double nines = -Math.log10(Math.max(1e-4, 1 - percentile / 100.0));
        return Math.min(1, nines / 4.0);
    }

    private static String verdict(Boolean met) {
        return met == null ? "not judged: " : met ? "met: " : "MISSED: ";
    }

    /** A short name of a baseline for the ratio column. */
    private static String label(Figure baseline) {
        return switch (baseline.key()) {
            case "pg-single" -> "PG single";
            case "pg-bulk" -> "PG bulk";
            case "single" -> "single reports";
            case "pipeline-no-entities" -> "no entities";
            default -> baseline.key();
        };
    }

    private static List<Figure> concat(List<Figure> a, List<Figure> b) {
        List<Figure> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String perItem(Repetition r, double cores) {
        double ms = r.cpuMsPerItem(cores);
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.3f ms", ms);
    }

    private static String ms(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap of the load generator, Java "
                + System.getProperty("java.version");
    }
}
