package org.fusionexchange.alert.messaging;

import java.util.List;

import org.fusionexchange.alert.service.DirectoryAgency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A value of the compacted {@code directory.agencies} topic (directory-service/contracts/directory.agencies). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgencySnapshot(String code, String kind, List<String> jurisdictions, List<String> focus, String status,
        long version) {

    public DirectoryAgency toAgency() {
        return new DirectoryAgency(code, kind, jurisdictions == null ? List.of() : jurisdictions,
                focus == null ? List.of() : focus, "SUSPENDED".equals(status), version);
    }
}
