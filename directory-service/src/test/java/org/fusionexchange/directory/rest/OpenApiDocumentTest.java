package org.fusionexchange.directory.rest;

import java.net.URI;

import org.fusionexchange.stack.test.openapi.OpenApiDocuments;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The document the service serves is the one its build stored in target/openapi, which the lint checks. */
@QuarkusTest
class OpenApiDocumentTest {

    @TestHTTPResource("/")
    URI origin;

    @Test
    void theServedDocumentIsTheStoredOne() {
        OpenApiDocuments.assertServedIsStored(origin);
    }
}
