package org.fusionexchange.intake.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One item's result in a batch: {index, status: 201, id, version}, or {index, status, problem}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResponse(
        @Schema(description = "The item's position in the request, from 0.", minimum = "0", maximum = "999") int index,
        @Schema(description = "201 stored; 400 unreadable; 422 breaks rules.", minimum = "201", maximum = "422")
        int status,
        UUID id,
        @Schema(minimum = "1", maximum = "2147483647") Integer version,
        Problem problem) {
}
