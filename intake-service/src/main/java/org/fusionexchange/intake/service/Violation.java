package org.fusionexchange.intake.service;

/** One broken rule: where (a JSON pointer into the request body) and what is wrong. */
public record Violation(String pointer, String detail) {
}
