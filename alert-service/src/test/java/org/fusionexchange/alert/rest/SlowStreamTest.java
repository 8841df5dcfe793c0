package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.Tokens;
import org.fusionexchange.alert.messaging.CaseReportEvent;
import org.fusionexchange.alert.service.AlertRoutingService;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A client that stops reading its stream holds back neither routing nor another client of the same agency, which
 * receives every alert in order. The stalled client is not disconnected here: the kernel's send buffer of its socket
 * (up to net.ipv4.tcp_wmem's maximum, 4 MiB here) takes these alerts first, and the connection's own buffer only
 * fills after that. The disconnection itself is tested in {@link AlertStreamConnectionTest}.
 */
@QuarkusTest
class SlowStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BATCH = 100;

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRoutingService routing;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "alert.stream.buffer-size")
    int bufferSize;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void aClientThatStopsReadingHoldsBackNeitherRoutingNorTheOthers() throws Exception {
        String token = Tokens.of(stack, "hcso.analyst");
        // more alerts than the stalled connection's own buffer holds
        int reports = bufferSize + 500;
        try (Socket slow = stalledStream(token);
                SseClient reader = SseClient.open(URI.create(stream + "?topics=overdose"), token, Map.of())) {
            reader.nextComment(WAIT);
            Set<String> sent = new HashSet<>();
            List<CaseReportEvent> batch = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                UUID reportId = UUID.randomUUID();
                sent.add(reportId.toString());
                batch.add(json.treeToValue(Exchange.report("overdose-tampa-submitted.json", reportId).get("value"),
                        CaseReportEvent.class));
                if (batch.size() == BATCH || i == reports - 1) {
                    // four recipients each, HCSO among them
                    assertEquals(4 * batch.size(), routing.process(batch));
                    batch.clear();
                }
            }

            long lastSeq = 0;
            Set<String> received = new HashSet<>();
            while (received.size() < reports) {
                SseClient.Event event = reader.nextEvent(WAIT);
                long seq = Long.parseLong(event.id());
                assertTrue(seq > lastSeq, "in sequence order, once: " + seq + " after " + lastSeq);
                lastSeq = seq;
                String reportId = event.json().get("reportId").asText();
                if (sent.contains(reportId)) {
                    received.add(reportId);
                }
            }
            assertEquals(sent, received, "the reading client got every alert");
        }
    }

    /** Opens the stream on a socket with a small receive buffer, reads up to its first comment, then stops reading. */
    private Socket stalledStream(String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()), 5_000);
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET " + stream.getPath() + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).contains("alerts of HCSO")) {
            int b = in.read();
            if (b < 0 || head.size() > 16_384) {
                throw new AssertionError("no first comment at the start of the stream: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"), head.toString());
        return socket;
    }
}
