package org.fusionexchange.directory.service;

/** One offending field: a JSON pointer into the request body, or a query parameter's name, and what is wrong. */
public record Violation(String pointer, String detail) {
}
