package org.fusionexchange.intake.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A page of a list: {@code {"items": [...], "size": 50, "next": "..."}}. {@code next} is the cursor of the page
 * after this one, absent on the last page. {@code page} and {@code total} are there only when the client asked for
 * a numbered page (the older way, which costs a count of every matching row); a cursor page costs O(size).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(
        @Schema(maxItems = Page.MAX_SIZE) List<T> items,
        @Schema(description = "The page number asked for (numbered pages only, deprecated).", minimum = "0",
                maximum = "2147483647") Integer page,
        @Schema(minimum = "1", maximum = "500") int size,
        @Schema(description = "How many reports match in all (numbered pages only).", minimum = "0",
                maximum = "9223372036854775807") Long total,
        @Schema(description = "The cursor of the following page; absent on the last page.", maxLength = 128,
                pattern = "^[A-Za-z0-9_-]{1,128}$") String next) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;
}
