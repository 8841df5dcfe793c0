package org.fusionexchange.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Free ports come from outside the kernel's ephemeral range, once each, and can be bound. */
class PortsTest {

    @Test
    void freePortsAreDistinctBindableAndNeverOnesTheKernelGivesToOutgoingConnections() throws IOException {
        int[] ephemeral = Ports.ephemeralRange();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
            assertTrue(port < ephemeral[0] || port > ephemeral[1],
                    "port " + port + " is in the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                assertEquals(port, server.getLocalPort());
            }
        }
    }

    @Test
    void aPortHeldByAnotherProgramIsNotHandedOut() throws IOException {
        // hold every port of a small slice of the range; none of them may come back
        Set<ServerSocket> held = new HashSet<>();
        Set<Integer> heldPorts = new HashSet<>();
        try {
            for (int port = Ports.LOWEST; port < Ports.LOWEST + 200; port++) {
                ServerSocket server = new ServerSocket();
                try {
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    held.add(server);
                    heldPorts.add(port);
                } catch (IOException e) {
                    server.close();
                }
            }
            for (int i = 0; i < 200; i++) {
                int port = Ports.free();
                assertTrue(!heldPorts.contains(port), "port " + port + " is held, yet handed out");
            }
        } finally {
            for (ServerSocket server : held) {
                server.close();
            }
        }
    }
}
