package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed table, the JSON shape of a figure, and the latency chart. */
final class Report {

    private Report() {
    }

    static String table(List<Figure> figures, Map<String, Object> processes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-78s %12s %9s %9s %9s  %s%n", "figure", "per second", "p50 ms",
                "p99 ms", "p99.9 ms", "ratio to baseline"));
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, "%-78s %12.0f %9s %9s %9s  %s%n", f.name(), f.perSecond(),
                    ms(f.p50()), ms(f.p99()), ms(f.p999()),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f of %s", f.ratio(), f.baseline())));
        }
        out.append(String.format(Locale.ROOT, "%nCPU during each stage, in cores of %d, and CPU ms per item (report, "
                + "record or event) at the stage's rate%n",
                Runtime.getRuntime().availableProcessors()));
        for (Figure f : figures) {
            if (f.cpuCores().isEmpty()) {
                continue;
            }
            StringBuilder parts = new StringBuilder();
            f.cpuCores().entrySet().stream().filter(part -> part.getValue() >= 0.01)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(part -> parts.append(String.format(Locale.ROOT, "  %s %.2f (%s)", part.getKey(),
                            part.getValue(), msPerItem(part.getValue(), f.perSecond()))));
            double total = f.cpuCores().values().stream().mapToDouble(Double::doubleValue).sum();
            out.append(String.format(Locale.ROOT, "%-78s total %.2f (%s)%s%n", f.name(), total,
                    msPerItem(total, f.perSecond()), parts));
        }
        out.append(String.format(Locale.ROOT, "%n%-20s %14s %14s%n", "process", "resident MiB", "start-up s"));
        processes.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> v = (Map<String, Object>) value;
            out.append(String.format(Locale.ROOT, "%-20s %14s %14s%n", name, v.get("residentMiB"),
                    v.getOrDefault("startupSeconds", "")));
        });
        out.append("machine: ").append(machine()).append('\n');
        return out.toString();
    }

    private static String msPerItem(double cores, double perSecond) {
        return perSecond <= 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", cores * 1000 / perSecond);
    }

    private static String ms(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    static Map<String, Object> asMap(Figure f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", f.name());
        map.put("perSecond", f.perSecond());
        map.put("p50Ms", f.p50());
        map.put("p99Ms", f.p99());
        map.put("p999Ms", f.p999());
        map.put("baseline", f.baseline());
        map.put("ratio", f.ratio());
        map.put("percentilesMs", f.percentiles());
        map.put("cpuCores", f.cpuCores());
        return map;
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

    /** Latency percentile curves (log-scaled axes) of every figure that has latencies, as SVG. */
    static String chart(List<Figure> figures) {
        List<Figure> curves = new ArrayList<>(figures.stream().filter(f -> !f.percentiles().isEmpty()).toList());
        double maxMs = curves.stream().flatMap(f -> f.percentiles().values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        int width = 900, height = 520, left = 70, right = 20, top = 40, bottom = 200;
        int plotW = width - left - right, plotH = height - top - bottom;
        String[] colours = { "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666" };
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">Fusion Exchange latency by percentile (ms, log scale)</text>%n", left));
        double[] ticks = { 0, 50, 90, 99, 99.9, 99.99 };
        for (double t : ticks) {
            double x = left + plotW * position(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%s</text>%n", x, top, x, top + plotH, x,
                    top + plotH + 16, t == Math.floor(t) ? Integer.toString((int) t) : Double.toString(t)));
        }
        // latency on a log scale, a line per power of ten from 1 ms: a saturated run does not flatten the others
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
            f.percentiles().forEach((p, ms) -> points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                    left + plotW * position(p), top + plotH - plotH * Math.log10(Math.max(1, ms)) / decades)));
            String colour = colours[c % colours.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
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
}
