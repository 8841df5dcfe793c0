package org.fusionexchange.directory.service;

import java.util.List;

import org.fusionexchange.directory.service.Agency.Contact;

/**
 * What an administrator sends to create or replace an agency. Status, times and version are the directory's to
 * set, so a GET's body can be sent back as it is.
 */
public record AgencyDraft(String code, String name, AgencyKind kind, String country, List<String> jurisdictions,
        List<String> members, List<ReportType> focus, Contact contact, Quota quota) {

    /** An agency without a quota of its own: each service's default applies. */
    public AgencyDraft(String code, String name, AgencyKind kind, String country, List<String> jurisdictions,
            List<String> members, List<ReportType> focus, Contact contact) {
        this(code, name, kind, country, jurisdictions, members, focus, contact, null);
    }
}
