package org.fusionexchange.directory.repository;

/** The topic an outbox message is for; the relay maps each to its configured topic and CloudEvents type. */
public enum OutboxStream {
    /** directory.agencies, keyed by agency code. */
    AGENCIES,
    /** directory.counties, keyed by county code. */
    COUNTIES,
    /** directory.ignored-entities, keyed by entity key. */
    IGNORED_ENTITIES
}
