package org.fusionexchange.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged Quarkus service (target/quarkus-app) running as its own process, configured by environment. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Duration startupTime = Duration.ZERO;

    public ServiceProcess(String name, Path moduleDir, int port, Map<String, String> environment, Path logDir,
            List<String> jvmOptions) {
        this.name = name;
        this.port = port;
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StackException(name + " is not packaged (" + jar + " is missing): run ./mvnw package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        this.process = new ManagedProcess(name, command, environment, moduleDir, logDir.resolve(name + ".log"));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    /** Wall time from launching the process to its readiness check answering UP. */
    public Duration startupTime() {
        return startupTime;
    }

    public void start() {
        Ports.requireFree(port, name);
        Instant begin = Instant.now();
        process.start();
        process.awaitReady(this::ready, Duration.ofSeconds(240));
        startupTime = Duration.between(begin, Instant.now());
    }

    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
