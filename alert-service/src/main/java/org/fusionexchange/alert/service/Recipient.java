package org.fusionexchange.alert.service;

/** An agency entitled to a report, and why. */
public record Recipient(String agency, Reason reason) {
}
