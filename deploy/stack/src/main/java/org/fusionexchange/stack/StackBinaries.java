package org.fusionexchange.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build of deploy/stack-binaries found the Kafka broker jars and the Keycloak zip. */
final class StackBinaries {

    private StackBinaries() {
    }

    static String kafkaClasspath() {
        return read("stack-binaries/kafka.classpath");
    }

    static Path keycloakZip() {
        Path zip = Path.of(read("stack-binaries/keycloak.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new StackException("Keycloak distribution not found at " + zip + "; run ./mvnw install -DskipTests");
        }
        return zip;
    }

    private static String read(String resource) {
        try (InputStream in = StackBinaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException(resource + " is missing from the classpath: build deploy/stack-binaries first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StackException("Cannot read " + resource, e);
        }
    }
}
