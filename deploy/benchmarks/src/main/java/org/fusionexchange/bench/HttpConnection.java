package org.fusionexchange.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that sends POSTs and GETs and reads the answers, blocking. The load generator
 * shares the two cores with the services it measures: the JDK's HttpClient spent about 0.9 ms of CPU per request
 * here, which is as much as a third of what intake-service spends, so the generator writes the request bytes itself.
 * Understands Content-Length and chunked answers; not a general client.
 */
final class HttpConnection implements AutoCloseable {

    /** A status and, when asked for, the body. */
    record Answer(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private boolean open = true;

    HttpConnection(URI base) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        host = base.getHost() + ":" + base.getPort();
    }

    /** Whether the server still keeps the connection (it did not answer with Connection: close). */
    boolean isOpen() {
        return open && !socket.isClosed();
    }

    /** A POST of a JSON body when {@code body} is given, a GET otherwise. */
    Answer send(String path, String bearer, byte[] body, boolean readBody) throws IOException {
        return send(path, bearer, body, readBody, null);
    }

    /** The same, with a W3C {@code traceparent} header when it is not null: the request is traced. */
    Answer send(String path, String bearer, byte[] body, boolean readBody, String traceparent) throws IOException {
        String head = (body == null ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nAuthorization: Bearer " + bearer + "\r\nAccept: application/json\r\n"
                + (traceparent == null ? "" : "traceparent: " + traceparent + "\r\n")
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read(readBody);
    }

    private Answer read(boolean readBody) throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("Not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                open = false;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(readBody ? 512 : 0);
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body, readBody);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body, readBody);
        }
        return new Answer(status, readBody ? body.toString(StandardCharsets.UTF_8) : null);
    }

    private long chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void copy(long length, ByteArrayOutputStream body, boolean keep) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("Connection closed in the middle of an answer");
            }
            if (keep) {
                body.write(buffer, 0, read);
            }
            left -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
