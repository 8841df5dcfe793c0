package org.fusionexchange.intake.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A page of a list: {@code {"items": [...], "size": 50, "next": "..."}}. {@code next} is the cursor of the page
 * after this one, absent on the last page. {@code page} and {@code total} are there only when the client asked for
 * a numbered page (the older way, which costs a count of every matching row); a cursor page costs O(size).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, Integer page, int size, Long total, String next) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;
}
