package org.fusionexchange.directory.service;

/**
 * Fired when a transaction wrote outbox messages or provisioning tasks; observed after a successful commit to wake
 * the relay and the provisioning worker at once rather than at their next poll.
 */
public record DirectoryChanged(String agencyCode) {
}
