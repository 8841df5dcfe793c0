package org.fusionexchange.alert.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.alert.service.Alert;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A page of a list: {@code {"items": [...], "size": 50, "next": "..."}}. {@code next} is the cursor of the page
 * after this one, absent on the last page. {@code page} is there when the client asked for a numbered page (the
 * older way); {@code total} only where it is cheap: a numbered page counts, a cursor page does not unless a counter
 * answers it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(@Schema(maxItems = Page.MAX_SIZE) List<T> items,
        @Schema(description = "The 0-based page number, when one was asked for", minimum = "0",
                maximum = "" + RequestParameters.MAX_PAGE) Integer page,
        @Schema(minimum = "1", maximum = "" + Page.MAX_SIZE) int size,
        @Schema(description = "How many in all, where it is cheap to tell", minimum = "0", maximum = Alert.MAX_LONG)
        Long total,
        @Schema(description = "The cursor of the next page; absent on the last", maxLength = Cursor.MAX_LENGTH,
                pattern = Cursor.PATTERN) String next) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;
}
