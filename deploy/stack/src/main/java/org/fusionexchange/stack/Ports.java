package org.fusionexchange.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers: tests take free ports so that they can run beside the local stack. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free port on loopback", e);
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
