package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fusionexchange.stack.KafkaBroker;

/**
 * The floor under routing, printed beside the baselines and never divided by: what Kafka and Kafka Streams alone
 * cost on this machine for each report the pipeline routes, with alert-service's exactly-once settings and no routing
 * at all in the step. It says how much of the pipeline's budget is spent before any of alert-service's own work, and
 * what one record per report, in place of one per recipient, would save of it.
 *
 * <p>Each repetition runs on fresh topics of 6 partitions, as {@code case-reports} and {@code alerts} have:
 * <ol>
 * <li>a Kafka Streams application with RoutingStreams' settings ({@code exactly_once_v2}, two stream threads, a
 * 50 ms commit interval, a 10 ms poll, 200 buffered records a partition, its producer's linger 1 ms and
 * {@code acks=all}) starts and is given its partitions;</li>
 * <li>a producer as intake's relay ({@code acks=all}, idempotent, linger 5 ms) sends the reports, 1 KiB each with
 * five CloudEvents headers, keyed by report id, as fast as it can;</li>
 * <li>the one step reads its store (RocksDB with a changelog, as routing's entry of a report), writes 128 bytes
 * there, and sends {@code out} records of 1 KiB with five headers: one per report keyed by its id, or one per
 * recipient keyed by the recipient (DOMAIN.md's four, as the pipeline's reports reach);</li>
 * <li>two {@code read_committed} consumers, as the projection and the live feed, read every record sent on.</li>
 * </ol>
 * Timed from the first report sent until both readers have every record; the CPU is the machine's over the same
 * span. Kafka Streams, the producer and the readers run in this process: the "load generator" of the CPU lines.
 */
final class StreamsHop {

    private static final int PARTITIONS = 6;
    private static final List<String> RECIPIENTS = List.of("HCSO", "FL-FUSION", "DEA", "TAMPA-BAY-TF");
    private static final String STORE = "hop-entries";
    private static final int RECORD_BYTES = 1024;
    private static final int ENTRY_BYTES = 128;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final KafkaBroker kafka;
    private final Path stateDir;
    private int runs;

    StreamsHop(KafkaBroker kafka, Path stateDir) {
        this.kafka = kafka;
        this.stateDir = stateDir;
    }

    /** One repetition: {@code reports} in, {@code out} records sent on for each; the rate is reports a second. */
    Repetition run(int reports, int out) throws Exception {
        if (out != 1 && out != RECIPIENTS.size()) {
            throw new IllegalArgumentException("one record a report, or one a recipient: " + out);
        }
        String name = "bench-hop-" + out + "-" + (++runs);
        String in = name + "-in";
        String sent = name + "-out";
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1),
                    new NewTopic(sent, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return measure(name, in, sent, reports, out);
            } finally {
                deleteTopics(admin, List.of(in, sent, name + "-" + STORE + "-changelog"));
            }
        }
    }

    private Repetition measure(String name, String in, String sent, int reports, int out) throws Exception {
        long expected = (long) reports * out;
        KafkaStreams streams = new KafkaStreams(topology(in, sent, out), streamsProperties(name));
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        List<Reader> readers = List.of(new Reader(sent, expected), new Reader(sent, expected));
        streams.start();
        try {
            if (!running.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka Streams did not start in " + DEADLINE);
            }
            readers.forEach(Reader::start);
            MachineCpu.Sample before = MachineCpu.sample();
            long start = System.nanoTime();
            send(in, reports);
            long deadline = start + DEADLINE.toNanos();
            for (Reader reader : readers) {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            long end = readers.stream().mapToLong(r -> r.doneAt).max().orElse(0);
            Map<String, Double> cores = MachineCpu.sample().coresSince(before);
            if (failure.get() != null) {
                throw new IllegalStateException("Kafka Streams failed", failure.get());
            }
            long seen = readers.stream().mapToLong(r -> r.seen).min().orElse(0);
            if (seen < expected || end == 0) {
                throw new IllegalStateException("The readers saw " + seen + " of " + expected + " records in "
                        + DEADLINE);
            }
            double seconds = (end - start) / 1e9;
            return Repetition.rate(reports / seconds, String.format("%d reports in, %d records sent on and read by "
                    + "2 readers in %.1f s", reports, expected, seconds)).withCpu(cores);
        } finally {
            readers.forEach(Reader::interrupt);
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            deleteRecursively(stateDir.resolve(name));
        }
    }

    private static Topology topology(String in, String sent, int out) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()));
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("reports"))
                .process(() -> new Step(out), Named.as("step"), STORE)
                .to(sent, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("sent"));
        return builder.build();
    }

    /** The step: a store lookup, a put, and {@code out} records of 1 KiB with their headers. */
    private static final class Step implements Processor<String, byte[], String, byte[]> {

        private final int out;
        private final byte[] entry = new byte[ENTRY_BYTES];
        private final byte[] value = payload();
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        Step(int out) {
            this.out = out;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            store.get(record.key()); // routing reads a report's entry before it writes it
            store.put(record.key(), entry);
            for (int i = 0; i < out; i++) {
                String key = out == 1 ? record.key() : RECIPIENTS.get(i);
                context.forward(new Record<>(key, value, record.timestamp(), headers(key)));
            }
        }
    }

    private void send(String topic, int reports) throws Exception {
        Map<String, Object> settings = kafka.adminProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-hop-reports"));
        byte[] body = payload();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < reports && failed.get() == null; i++) {
                String key = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(topic, null, key, body, headers(key)), (meta, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /** A reader of every partition, read_committed, with no group: the projection's and the feed's kind of read. */
    private final class Reader extends Thread {
        private final String topic;
        private final long expected;
        private volatile long seen;
        private volatile long doneAt;

        Reader(String topic, long expected) {
            super("bench-hop-reader");
            setDaemon(true);
            this.topic = topic;
            this.expected = expected;
        }

        @Override
        public void run() {
            Map<String, Object> settings = kafka.adminProperties(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                    ConsumerConfig.CLIENT_ID_CONFIG, "bench-hop-reader"));
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long count = 0;
                while (count < expected && !isInterrupted()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    count += records.count();
                    seen = count;
                }
                if (count >= expected) {
                    doneAt = System.nanoTime();
                }
            } catch (InterruptException e) {
                // stopped by measure(), after its deadline
            }
        }
    }

    private Properties streamsProperties(String name) {
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 200);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 256 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        return p;
    }

    /** The CloudEvents headers the services put on every record, about as long. */
    private static RecordHeaders headers(String subject) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "org.fusionexchange.bench.Hop".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/bench".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** 1 KiB of printable JSON-like bytes, as a report or an alert is. */
    private static byte[] payload() {
        byte[] bytes = new byte[RECORD_BYTES];
        Arrays.fill(bytes, (byte) 'x');
        bytes[0] = '{';
        bytes[RECORD_BYTES - 1] = '}';
        return bytes;
    }

    /** What Kafka Streams' clean-up leaves of the application's state: the directory it refuses to delete. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void deleteTopics(Admin admin, List<String> topics) {
        try {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            // a topic never created (the changelog of a run that failed to start) or slow to go: left to the stack
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
