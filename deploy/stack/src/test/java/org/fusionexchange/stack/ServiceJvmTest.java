package org.fusionexchange.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The services' JVM options: a JVM starts with them, and takes each as set, the native heap's trim included. */
class ServiceJvmTest {

    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)", Pattern.MULTILINE);

    @Test
    void theTrimIsLeftOutOnlyOnAJvmWithoutIt() {
        assertTrue(FusionStack.vmHasOption("MaxHeapSize"));
        assertFalse(FusionStack.vmHasOption("NoSuchOptionInAnyJvm"));
        List<String> without = FusionStack.serviceJvmOptions(false);
        List<String> with = FusionStack.serviceJvmOptions(true);
        assertFalse(without.contains(FusionStack.TRIM));
        List<String> added = new ArrayList<>(with);
        added.removeAll(without);
        assertEquals(List.of(FusionStack.TRIM), added);
        assertEquals(FusionStack.serviceJvmOptions(FusionStack.vmHasOption(FusionStack.TRIM_OPTION)),
                FusionStack.SERVICE_JVM);
    }

    @Test
    void aJvmStartsWithTheServicesOptionsAndTakesThem() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable()));
        command.addAll(FusionStack.SERVICE_JVM);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, java.exitValue(), output);
        Matcher flag = FLAG.matcher(output);
        Map<String, String> flags = flag.results().collect(Collectors.toMap(m -> m.group(1), m -> m.group(2),
                (a, b) -> a));
        assertEquals(String.valueOf(160L << 20), flags.get("MaxHeapSize"));
        assertEquals("true", flags.get("UseParallelGC"));
        assertEquals(String.valueOf(96L << 20), flags.get("ReservedCodeCacheSize"));
        if (FusionStack.vmHasOption(FusionStack.TRIM_OPTION)) {
            assertEquals("5000", flags.get(FusionStack.TRIM_OPTION));
        }
    }
}
