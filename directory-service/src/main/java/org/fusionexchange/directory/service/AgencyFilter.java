package org.fusionexchange.directory.service;

import java.util.Optional;

/** What a list of agencies is narrowed to; every part is optional. */
public record AgencyFilter(Optional<String> jurisdiction, Optional<AgencyKind> kind, Optional<AgencyStatus> status,
        Optional<String> text) {

    public static AgencyFilter none() {
        return new AgencyFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
