package org.fusionexchange.alert.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which US counties border which, read from the data file {@code county-adjacency.csv} (its header names the source
 * and how it was made): {@code county,neighbour neighbour ...} as jurisdiction codes.
 */
@ApplicationScoped
public class CountyAdjacency {

    static final String RESOURCE = "county-adjacency.csv";

    private final Map<String, List<String>> neighbours;

    public CountyAdjacency() {
        this(read(RESOURCE));
    }

    CountyAdjacency(Map<String, List<String>> neighbours) {
        this.neighbours = Map.copyOf(neighbours);
    }

    /** The county's neighbours, sorted; none for a code the file does not know. */
    public List<String> neighbours(String county) {
        return neighbours.getOrDefault(county, List.of());
    }

    public int size() {
        return neighbours.size();
    }

    static Map<String, List<String>> read(String resource) {
        Map<String, List<String>> all = new HashMap<>();
        try (InputStream in = CountyAdjacency.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the application");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int comma = line.indexOf(',');
                String county = line.substring(0, comma);
                String rest = line.substring(comma + 1).trim();
                all.put(county, rest.isEmpty() ? List.of() : Stream.of(rest.split(" ")).sorted().toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
