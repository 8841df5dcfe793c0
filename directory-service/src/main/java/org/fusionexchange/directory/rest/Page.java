package org.fusionexchange.directory.rest;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.fusionexchange.directory.service.Violation;

/** A page of a list: {@code {"items": [...], "page": 0, "size": 50, "total": N}}. */
public record Page<T>(
        @Schema(required = true, maxItems = MAX_SIZE) List<T> items,
        @Schema(required = true, minimum = "0", maximum = "2147483647") int page,
        @Schema(required = true, minimum = "1", maximum = "500") int size,
        @Schema(required = true, minimum = "0", maximum = "9223372036854775807") long total) {

    public static final String DEFAULT_SIZE = "50";
    /** The query parameters' descriptions. */
    public static final String PAGE = "The page, 0-based";
    public static final String SIZE = "Items per page, 1 to 500";
    public static final int MAX_SIZE = 500;

    /**
     * Whether the page ends within an int offset, as Hibernate's first and max results are ints: computed in long,
     * so page=5000000&size=500 is refused rather than wrapped into a negative offset.
     */
    public static boolean fits(int page, int size) {
        return ((long) page + 1) * size <= Integer.MAX_VALUE;
    }

    /** The query parameters page and size of a list, as they are read and documented. */
    public static class Params {

        @Parameter(description = PAGE, schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0",
                maximum = "2147483647", defaultValue = "0"))
        @QueryParam("page")
        @DefaultValue("0")
        String page;

        @Parameter(description = SIZE, schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                maximum = "500", defaultValue = DEFAULT_SIZE))
        @QueryParam("size")
        @DefaultValue(DEFAULT_SIZE)
        String size;

        /** The page asked for; what is wrong is added to violations, by parameter name. */
        public Request read(List<Violation> violations) {
            return Request.read(page, size, violations);
        }
    }

    /** The page asked for by the query parameters page and size. */
    public record Request(int page, int size) {

        /**
         * Parsed here rather than by JAX-RS, which would answer 404 to page=first; what is wrong is added to
         * violations, by parameter name.
         */
        public static Request read(String page, String size, List<Violation> violations) {
            int pageNumber = number("page", page, 0, Integer.MAX_VALUE, violations);
            int pageSize = number("size", size, 1, MAX_SIZE, violations);
            if (violations.isEmpty() && !fits(pageNumber, pageSize)) {
                violations.add(new Violation("page", "page × size is past the end of any list: the page must end "
                        + "before item " + Integer.MAX_VALUE));
            }
            return new Request(pageNumber, pageSize);
        }

        private static int number(String name, String value, int min, int max, List<Violation> violations) {
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            violations.add(new Violation(name, "must be an integer from " + min + " to " + max));
            return min;
        }
    }
}
