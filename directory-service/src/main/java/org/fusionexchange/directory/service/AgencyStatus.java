package org.fusionexchange.directory.service;

/** A suspended agency's tokens are refused everywhere, and its users cannot get new ones. */
public enum AgencyStatus {
    ACTIVE, SUSPENDED
}
