package org.fusionexchange.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The analysts' SSE streams the stages listen on, one per analyst, kept open across stages and opened again with a
 * fresh token before their token runs out (a stream ends at its token's expiry).
 */
final class AlertStreams implements AutoCloseable {

    private final String url;
    private final UnaryOperator<String> tokenOf;
    private final Map<String, AlertStream> open = new LinkedHashMap<>();

    /**
     * @param topics the alert topics the streams deliver, comma-separated ({@code overdose}, {@code overdose-spike})
     * @param tokenOf an access token for an analyst's user name
     */
    AlertStreams(String alertServiceUrl, String topics, UnaryOperator<String> tokenOf) {
        this.url = alertServiceUrl + "/api/v1/alerts/stream?topics=" + topics;
        this.tokenOf = tokenOf;
    }

    /** The analysts' streams, each open for at least the time given, with nothing recorded yet. */
    List<AlertStream> open(List<String> users, Duration needed) throws Exception {
        List<AlertStream> streams = new ArrayList<>();
        for (String user : users) {
            AlertStream stream = open.get(user);
            if (stream == null || !stream.usableFor(needed)) {
                if (stream != null) {
                    stream.close();
                }
                stream = new AlertStream(url, user, () -> tokenOf.apply(user));
                open.put(user, stream);
            }
            stream.clear();
            streams.add(stream);
        }
        return streams;
    }

    @Override
    public void close() {
        open.values().forEach(AlertStream::close);
        open.clear();
    }
}
