package org.fusionexchange.intake.rest;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One item's result in a batch: {index, status: 201, id, version}, or {index, status, problem}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResponse(int index, int status, UUID id, Integer version, Problem problem) {
}
