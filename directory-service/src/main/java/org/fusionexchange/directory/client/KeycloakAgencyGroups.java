package org.fusionexchange.directory.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.fusionexchange.directory.config.DirectoryConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.GroupResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The agencies' groups in Keycloak, through the admin API with the service's own client (realm-management
 * manage-users, nothing more). Every operation is idempotent: it brings Keycloak to a state, whatever it was.
 */
@ApplicationScoped
@ActivateRequestContext // the admin client needs one, and the provisioning worker runs outside any request
public class KeycloakAgencyGroups {

    public static final String AGENCY_ATTRIBUTE = "agency_code";
    private static final int PAGE = 100;

    /** A member of an agency's group: a person or a service account. */
    public record Member(String id, String username, boolean enabled) {
    }

    private final Keycloak keycloak;
    private final String realm;
    private final String parent;

    public KeycloakAgencyGroups(Keycloak keycloak, DirectoryConfig config,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.realm") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.parent = config.provisioning().parentGroup();
    }

    /** Makes sure /agencies/CODE exists with the attribute agency_code = CODE; answers its id. */
    public String ensureGroup(String code) {
        GroupRepresentation existing = group(code);
        if (existing != null) {
            if (!List.of(code).equals(existing.getAttributes() == null ? null : existing.getAttributes().get(
                    AGENCY_ATTRIBUTE))) {
                existing.setAttributes(withAgency(existing.getAttributes(), code));
                realm().groups().group(existing.getId()).update(existing);
            }
            return existing.getId();
        }
        GroupRepresentation created = new GroupRepresentation();
        created.setName(code);
        created.setAttributes(Map.of(AGENCY_ATTRIBUTE, List.of(code)));
        try (Response response = realm().groups().group(parentId()).subGroup(created)) {
            int status = response.getStatus();
            // 409: created meanwhile by another instance, which is what we wanted
            if (status != 201 && status != 204 && status != 409) {
                throw new IllegalStateException("Keycloak answered " + status + " to creating the group of " + code);
            }
        }
        GroupRepresentation group = group(code);
        if (group == null) {
            throw new IllegalStateException("The group of " + code + " is missing right after its creation");
        }
        return group.getId();
    }

    /** The codes of the agencies that have a group under /agencies. */
    public Set<String> agencyGroups() {
        return subGroups(realm().groups().group(parentId())).stream().map(GroupRepresentation::getName)
                .collect(Collectors.toSet());
    }

    /**
     * Every user and service account of the agency: the members of its group and of its subgroups at any depth,
     * since a subgroup's members inherit the group's agency_code and so carry the agency in their tokens.
     */
    public List<Member> members(String groupId) {
        Map<String, Member> members = new LinkedHashMap<>();
        Deque<String> groups = new ArrayDeque<>(List.of(groupId));
        while (!groups.isEmpty()) {
            GroupResource group = realm().groups().group(groups.pop());
            for (int first = 0;; first += PAGE) {
                List<UserRepresentation> page = group.members(first, PAGE, false);
                page.forEach(u -> members.putIfAbsent(u.getId(),
                        new Member(u.getId(), u.getUsername(), Boolean.TRUE.equals(u.isEnabled()))));
                if (page.size() < PAGE) {
                    break;
                }
            }
            subGroups(group).forEach(child -> groups.push(child.getId()));
        }
        return List.copyOf(members.values());
    }

    /** The direct subgroups of a group, page by page. */
    private static List<GroupRepresentation> subGroups(GroupResource group) {
        List<GroupRepresentation> children = new ArrayList<>();
        for (int first = 0;; first += PAGE) {
            List<GroupRepresentation> page = group.getSubGroups(first, PAGE, true);
            children.addAll(page);
            if (page.size() < PAGE) {
                return children;
            }
        }
    }

    /**
     * Disables the user, so that Keycloak refuses it new tokens, and ends its sessions so that refresh tokens stop
     * working too.
     */
    public void disable(String userId) {
        setEnabled(userId, false);
        realm().users().get(userId).logout();
    }

    /** Enables the user again; false when the user no longer exists. */
    public boolean enable(String userId) {
        try {
            setEnabled(userId, true);
            return true;
        } catch (WebApplicationException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private void setEnabled(String userId, boolean enabled) {
        UserResource user = realm().users().get(userId);
        UserRepresentation representation = user.toRepresentation();
        if (Boolean.valueOf(enabled).equals(representation.isEnabled())) {
            return;
        }
        representation.setEnabled(enabled);
        user.update(representation);
    }

    private GroupRepresentation group(String code) {
        try {
            return realm().getGroupByPath(parent + "/" + code);
        } catch (WebApplicationException e) {
            if (isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * After a 401 (a token Keycloak no longer accepts, e.g. after it restarted), asks for a new one rather than
     * waiting for the cached token to expire.
     */
    public void renewTokenIfRefused(RuntimeException failure) {
        if (failure instanceof WebApplicationException e && e.getResponse() != null
                && e.getResponse().getStatus() == 401) {
            keycloak.tokenManager().grantToken();
        }
    }

    /** The admin client answers a 404 with a WebApplicationException, not always its NotFoundException subclass. */
    private static boolean isNotFound(WebApplicationException e) {
        return e.getResponse() != null && e.getResponse().getStatus() == 404;
    }

    private String parentId() {
        return realm().getGroupByPath(parent).getId();
    }

    private static Map<String, List<String>> withAgency(Map<String, List<String>> attributes, String code) {
        Map<String, List<String>> updated = attributes == null ? new java.util.HashMap<>()
                : new java.util.HashMap<>(attributes);
        updated.put(AGENCY_ATTRIBUTE, List.of(code));
        return updated;
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }
}
