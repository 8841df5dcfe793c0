package org.fusionexchange.directory;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;

/** A test against the module's real stack that calls the API as the demo administrator, directory.admin. */
public abstract class AsAdministrator {

    @InjectFusionStack
    protected FusionStack stack;

    /** A fresh token of directory.admin for each test. */
    protected String admin;

    @BeforeEach
    void adminToken() {
        admin = Tokens.of(stack, "directory.admin");
    }
}
