package org.fusionexchange.alert.rest;

import java.util.List;

/** A page of a list: {@code {"items": [...], "page": 0, "size": 50, "total": N}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;
}
