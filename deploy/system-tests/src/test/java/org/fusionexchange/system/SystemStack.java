package org.fusionexchange.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.Ports;
import org.fusionexchange.stack.TraceCollector;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system for the system tests, started once per test run and stopped when the run ends (even when a test
 * fails): PostgreSQL, Kafka and Keycloak on free ports, then the three packaged services as separate processes.
 */
public final class SystemStack implements BeforeAllCallback {

    private static FusionStack stack;
    /**
     * Where intake-service and alert-service export their spans (TracingIT). The sample ratio is 0: only a request
     * that comes with a sampled traceparent is traced, so that the other tests run as with tracing off.
     */
    private static final TraceCollector TRACES = TraceCollector.start();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SystemStack.class, key -> start(), Running.class);
    }

    private static Running start() {
        Path project = Path.of(System.getProperty("fusion.project-dir", "../.."));
        Path state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"))
                .resolve("run-" + System.currentTimeMillis());
        Path keycloakHome = Path.of(System.getProperty("fusion.stack.keycloak-home", state.resolve("keycloak").toString()));
        stack = FusionStack.builder(state)
                .postgres(Ports.free(), List.of("directory", "intake", "alert"))
                .kafka(Ports.free(), Ports.free())
                .keycloak(keycloakHome, Ports.free(), Ports.free())
                .services(project, List.of(
                        new FusionStack.Service("directory-service", Ports.free(), "directory",
                                Map.of("DIRECTORY_DEMO_DATA_ENABLED", "true")),
                        new FusionStack.Service("intake-service", Ports.free(), "intake",
                                TRACES.serviceEnvironment(0.0)),
                        new FusionStack.Service("alert-service", Ports.free(), "alert",
                                TRACES.serviceEnvironment(0.0))))
                .build()
                .start();
        return new Running(stack);
    }

    /** The running stack; available once the extension ran. */
    public static FusionStack stack() {
        if (stack == null) {
            throw new IllegalStateException("The system stack is not started: annotate the test with @ExtendWith(SystemStack.class)");
        }
        return stack;
    }

    /** The spans intake-service and alert-service exported. */
    public static TraceCollector traces() {
        return TRACES;
    }

    public static KeycloakServer keycloak() {
        return stack().keycloak().orElseThrow();
    }

    public static String url(String service) {
        return stack().service(service).baseUrl();
    }

    /** Closes the stack when JUnit closes the root store, at the end of the run. */
    record Running(FusionStack stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
