package org.fusionexchange.intake.messaging;

/** Fired inside a transaction that wrote outbox rows; the relay observes its successful commit. */
public record OutboxWritten(int messages) {
}
