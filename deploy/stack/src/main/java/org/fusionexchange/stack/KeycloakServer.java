package org.fusionexchange.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keycloak from its Maven Central distribution, in dev mode on loopback, importing the realm {@value #REALM}
 * from {@code realm/fusion-realm.json}. The distribution is unpacked and built once into its home, which several
 * stacks may share; each stack keeps its realm data (an H2 file database) in its own data directory, so a new
 * data directory means the realm file is imported anew.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "fusion";
    public static final String CLI_CLIENT = "fusion-cli";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The demo realm's secret of the client directory-service (fusion-realm.json), for directory-service only. */
    public static final String DIRECTORY_SERVICE_SECRET = "directory-service-secret";

    private static final Logger LOG = Logger.getLogger(KeycloakServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final int port;
    private final int managementPort;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The web console's origin the realm file's client fusion-console is imported with, by default. */
    public static final String DEFAULT_CONSOLE_ORIGIN = "http://127.0.0.1:8083";

    public KeycloakServer(Path home, Path dataDir, Path logDir, int port, int managementPort) {
        this(home, dataDir, logDir, port, managementPort, DEFAULT_CONSOLE_ORIGIN);
    }

    /**
     * @param consoleOrigin the origin of the web console (alert-service), the only redirect URI and web origin of the
     *        realm's client fusion-console: the realm file takes it from FUSION_CONSOLE_ORIGIN at import
     */
    public KeycloakServer(Path home, Path dataDir, Path logDir, int port, int managementPort, String consoleOrigin) {
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("FUSION_CONSOLE_ORIGIN", consoleOrigin);
        List<String> command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--hostname-strict=false", "--import-realm", "--health-enabled=true", "--metrics-enabled=false",
                "--db-url=jdbc:h2:file:" + dataDir.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE");
        this.process = new ManagedProcess("keycloak", command, env, home, logDir.resolve("keycloak.log"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the realm's tokens, also the services' quarkus.oidc.auth-server-url. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        Ports.requireFree(port, "Keycloak");
        Ports.requireFree(managementPort, "the Keycloak management interface");
        unpackIfNeeded();
        prepareRealm();
        process.start();
        process.awaitReady(this::ready, Duration.ofSeconds(480));
        LOG.info("Keycloak ready on " + baseUrl() + " with realm " + REALM);
    }

    private void unpackIfNeeded() {
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return;
        }
        Path zip = StackBinaries.keycloakZip();
        LOG.info("Unpacking Keycloak " + zip.getFileName() + " into " + home);
        Path partial = home.resolveSibling(home.getFileName() + ".partial");
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
            try (ZipFile file = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    // the archive has one top-level folder, keycloak-<version>/
                    String relative = slash < 0 ? "" : name.substring(slash + 1);
                    if (relative.isEmpty()) {
                        continue;
                    }
                    Path target = partial.resolve(relative).normalize();
                    if (!target.startsWith(partial)) {
                        throw new StackException("Unexpected entry in the Keycloak archive: " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = file.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            Files.createDirectories(home.getParent());
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("Cannot unpack Keycloak into " + home + ": " + e.getMessage(), e);
        }
    }

    private void prepareRealm() {
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            try (InputStream realm = KeycloakServer.class.getClassLoader()
                    .getResourceAsStream("realm/fusion-realm.json")) {
                if (realm == null) {
                    throw new StackException("realm/fusion-realm.json is missing from the stack's classpath");
                }
                // written aside and moved, since stacks sharing this home may start at the same time
                Path partial = Files.createTempFile(imports, "fusion-realm", ".partial");
                Files.copy(realm, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, imports.resolve("fusion-realm.json"), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new StackException("Cannot prepare the realm import in " + home, e);
        }
    }

    private boolean ready() {
        return get("http://127.0.0.1:" + managementPort + "/health/ready") == 200
                && get(issuer() + "/.well-known/openid-configuration") == 200;
    }

    private int get(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** An access token for a user of the realm, by password grant through the public client fusion-cli. */
    public String passwordToken(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username,
                "password", password));
    }

    /** An access token for a confidential client's service account. */
    public String clientToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** Posts to the realm's token endpoint; a refusal is a {@link TokenRefused} with Keycloak's answer. */
    public String token(Map<String, String> form) {
        return token(form, REALM);
    }

    /** Posts to a realm's token endpoint ("master" for the bootstrap administrator). */
    public String token(Map<String, String> form, String realm) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new TokenRefused(response.statusCode(), response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new StackException("Keycloak could not be reached at " + baseUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    /** Keycloak refused to issue a token. */
    public static final class TokenRefused extends StackException {
        private final int status;

        TokenRefused(int status, String body) {
            super("Keycloak refused the token (" + status + "): " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
