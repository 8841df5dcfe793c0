package org.fusionexchange.stack.test.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A service's OpenAPI document: as it serves it, and as its build stored it
 * ({@code quarkus.smallrye-openapi.store-schema-directory=target/openapi}), which is the file deploy/api-lint lints.
 */
public final class OpenApiDocuments {

    /** Where each service's build stores its document, relative to the module. */
    public static final Path STORED = Path.of("target", "openapi", "openapi.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiDocuments() {
    }

    /** The document the service at {@code origin} (scheme, host and port) serves, as JSON. */
    public static JsonNode served(URI origin) {
        URI uri = origin.resolve(OpenApiContract.DOCUMENT_PATH + "?format=json");
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + answer.statusCode());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the OpenAPI document at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading " + uri, e);
        }
    }

    /** The document the module's build stored, which the lint checks. */
    public static JsonNode stored() {
        if (!Files.isRegularFile(STORED)) {
            throw new AssertionError(STORED.toAbsolutePath() + " is missing: set quarkus.smallrye-openapi."
                    + "store-schema-directory=target/openapi in the service's application.properties");
        }
        try {
            return JSON.readTree(STORED.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + STORED.toAbsolutePath(), e);
        }
    }

    /**
     * Fails unless the service at {@code origin} serves exactly the document its build stored, so that what the lint
     * passed is what integrators read.
     */
    public static void assertServedIsStored(URI origin) {
        JsonNode served = served(origin);
        JsonNode stored = stored();
        if (!served.equals(stored)) {
            throw new AssertionError("The served OpenAPI document differs from " + STORED + ": a runtime OASFilter or "
                    + "a runtime-only property changes it. Served:\n" + served.toPrettyString());
        }
    }
}
