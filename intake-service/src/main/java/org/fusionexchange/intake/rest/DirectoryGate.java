package org.fusionexchange.intake.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.fusionexchange.intake.service.AgencyDirectory;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * No answer on a directory view that is not loaded: until {@link AgencyDirectory#ready()}, every /api request is
 * answered 503 with Retry-After, before authentication, since neither a suspension nor an unknown agency could be
 * told apart from an agency in good standing.
 */
public class DirectoryGate {

    private final AgencyDirectory directory;

    public DirectoryGate(AgencyDirectory directory) {
        this.directory = directory;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseUntilLoaded(ContainerRequestContext request) {
        if (directory.ready() || !request.getUriInfo().getPath().startsWith("/api")) {
            return null;
        }
        return ProblemMapper.unavailable("directory-not-loaded",
                "The agency directory is not loaded yet; nothing was done. Retry shortly.", request.getUriInfo());
    }
}
