package org.fusionexchange.directory.rest;

import java.util.List;

/** A page of a list: {@code {"items": [...], "page": 0, "size": 50, "total": N}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;

    /**
     * Whether the page ends within an int offset, as Hibernate's first and max results are ints: computed in long,
     * so page=5000000&size=500 is refused rather than wrapped into a negative offset.
     */
    public static boolean fits(int page, int size) {
        return ((long) page + 1) * size <= Integer.MAX_VALUE;
    }
}
