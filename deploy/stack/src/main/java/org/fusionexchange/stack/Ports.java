package org.fusionexchange.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers: tests take free ports so that they can run beside the local stack. */
public final class Ports {

    private Ports() {
    }

    /** Where {@link #free()} looks: below Linux's default range of ephemeral ports (32768 to 60999). */
    static final int LOWEST = 20_000;
    static final int HIGHEST = 32_767;
    private static final int ATTEMPTS = 200;
    /** Ports this JVM handed out already: two calls in a row must not give the same one. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free now, for a server the stack starts next. Not one the kernel hands out as the source port of
     * outgoing connections: a port found by binding port 0 is one of those, and between this call and the server's
     * bind a client connection (JDBC, Kafka, HTTP) may take it as its own source port ("Address already in use":
     * Keycloak's management interface once failed so in CI). A random port below that range, checked by binding it,
     * is taken only by a program that asks for it.
     */
    public static int free() {
        int[] ephemeral = ephemeralRange();
        int highest = Math.min(HIGHEST, ephemeral[0] - 1);
        for (int attempt = 0; attempt < ATTEMPTS && highest > LOWEST; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (port >= ephemeral[0] && port <= ephemeral[1] || !GIVEN.add(port)) {
                continue;
            }
            if (bindable(port)) {
                return port;
            }
        }
        // the range is full, or the machine's ephemeral range starts very low: let the kernel choose
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            GIVEN.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free port on loopback", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's range of ephemeral ports (Linux), else its default. */
    static int[] ephemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
                    .split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails fast with a clear message when another program already holds a port the stack needs. */
    public static void requireFree(int port, String what) {
        if (isOpen(port)) {
            throw new StackException("Port " + port + " for " + what + " is already in use on 127.0.0.1. "
                    + "Is another Fusion Exchange stack running?");
        }
    }
}
