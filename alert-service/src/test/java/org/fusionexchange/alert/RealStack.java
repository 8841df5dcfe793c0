package org.fusionexchange.alert;

import org.fusionexchange.stack.test.FusionStackTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against real PostgreSQL, Kafka and Keycloak, started once for the module
 * on free ports (see deploy/stack).
 */
@QuarkusTestResource(value = FusionStackTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "alert"),
        @ResourceArg(name = "kafka", value = "true"),
        @ResourceArg(name = "keycloak", value = "true") })
public final class RealStack {

    private RealStack() {
    }
}
