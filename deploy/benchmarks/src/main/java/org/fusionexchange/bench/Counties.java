package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The US counties the spike stages report overdoses in, each handed out once in a run: a county with a spike in
 * progress gives an Update rather than an Alert for the next hour, so a county that already crossed its threshold
 * can measure nothing more. The list is alert-service's own county adjacency data (every US county, as jurisdiction
 * codes), Florida's 67 counties first, so that a short run reports in Florida.
 */
final class Counties {

    private static final Path ADJACENCY = Path.of("alert-service/src/main/resources/county-adjacency.csv");

    private final Deque<String> fresh;

    /** @param used counties that other stages' reports are in (a spike there may be in progress) */
    Counties(Path project, Collection<String> used) throws IOException {
        List<String> all = new ArrayList<>();
        for (String line : Files.readAllLines(project.resolve(ADJACENCY))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String county = line.split(",", 2)[0].trim();
                if (!used.contains(county)) {
                    all.add(county);
                }
            }
        }
        all.sort(Comparator.comparing((String c) -> !c.startsWith("US-FL-")).thenComparing(c -> c));
        fresh = new ArrayDeque<>(all);
    }

    /** The next {@code count} counties that no report of this run was in yet. */
    synchronized List<String> take(int count) {
        if (count > fresh.size()) {
            throw new IllegalStateException("Only " + fresh.size() + " counties left without a spike, " + count
                    + " needed: shorten the spike stages in Plan");
        }
        List<String> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(fresh.poll());
        }
        return taken;
    }
}
