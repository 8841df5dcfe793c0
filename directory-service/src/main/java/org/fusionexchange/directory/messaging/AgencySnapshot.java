package org.fusionexchange.directory.messaging;

import java.time.Instant;
import java.util.List;

import org.fusionexchange.directory.service.Agency;

/**
 * The value of a directory.agencies message: the agency's full snapshot, exactly as
 * contracts/directory.agencies/README.md documents it. Kept apart from the API model so that the API can grow
 * without changing the wire.
 */
public record AgencySnapshot(String code, String name, String kind, String country, List<String> jurisdictions,
        List<String> members, List<String> focus, Contact contact, String status, Quota quota, Instant createdAt,
        Instant updatedAt, long version) {

    public record Contact(String email, String phone) {
    }

    /** The agency's request quota; the snapshot says null when the agency has none (each service's default). */
    public record Quota(int requestsPerSecond, int burst) {
    }

    public static AgencySnapshot of(Agency a) {
        return new AgencySnapshot(a.code(), a.name(), a.kind().name(), a.country(), a.jurisdictions(), a.members(),
                a.focus().stream().map(Enum::name).toList(), new Contact(a.contact().email(), a.contact().phone()),
                a.status().name(),
                a.quota() == null ? null : new Quota(a.quota().requestsPerSecond(), a.quota().burst()),
                a.createdAt(), a.updatedAt(), a.version());
    }
}
