package org.fusionexchange.alert.messaging;

import java.util.List;

import org.fusionexchange.alert.service.AgencyQuota;
import org.fusionexchange.alert.service.DirectoryAgency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A value of the compacted {@code directory.agencies} topic (directory-service/contracts/directory.agencies). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgencySnapshot(String code, String kind, List<String> jurisdictions, List<String> focus, String status,
        long version, AgencyQuota quota) {

    static final String ACTIVE = "ACTIVE";
    static final String SUSPENDED = "SUSPENDED";

    /**
     * Why this snapshot cannot be applied, or null when it can. A status other than ACTIVE or SUSPENDED, or no
     * version (read as 0), is refused rather than taken for an active agency: the view fails closed. So is a quota
     * outside the contract's ranges. No quota (null or absent, as in records written before it existed) is none.
     */
    String defect() {
        if (code == null || code.isBlank()) {
            return "the snapshot has no code";
        }
        if (!ACTIVE.equals(status) && !SUSPENDED.equals(status)) {
            return "the snapshot's status is neither ACTIVE nor SUSPENDED";
        }
        if (version < 1) {
            return "the snapshot has no positive version";
        }
        if (kind == null || kind.isBlank()) {
            return "the snapshot has no kind";
        }
        if ((jurisdictions != null && jurisdictions.contains(null)) || (focus != null && focus.contains(null))) {
            return "the snapshot's jurisdictions or focus hold a missing value";
        }
        // the directory refuses such a quota; one that gets here anyway is not guessed at, like any other defect
        return quota == null ? null : quota.defect();
    }

    /** The agency as routing sees it; only for a snapshot without {@link #defect()}. */
    public DirectoryAgency toAgency() {
        return new DirectoryAgency(code, kind, jurisdictions == null ? List.of() : jurisdictions,
                focus == null ? List.of() : focus, SUSPENDED.equals(status), version, quota);
    }
}
