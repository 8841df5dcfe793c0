package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.repository.CommonValueRepository;
import org.fusionexchange.alert.service.AlertRoutingService;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.SpikeAudience;
import org.fusionexchange.alert.service.SpikeClock;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the routing topology ({@link RoutingTopology}) with exactly-once processing, once the directory view has caught
 * up (routing before that could miss agencies). Its application id is the consumer group {@code alert.kafka.group-id}:
 * instances share the partitions, and a new version takes over from the committed offsets of the one before. A
 * stream thread that fails (the database unreachable while it rebuilds a report's state, a dead letter not
 * accepted) is replaced, and takes up from the last commit: nothing is skipped.
 */
@ApplicationScoped
public class RoutingStreams {

    private static final Logger LOG = Logger.getLogger(RoutingStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
    /** How often reports too old for any window are forgotten by the spike counts. */
    private static final Duration SPIKE_PRUNE_INTERVAL = Duration.ofHours(1);
    /** How often the entity match stores forget reports older than the window. */
    private static final Duration MATCH_PRUNE_INTERVAL = Duration.ofHours(6);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final DirectoryView directory;
    private final CaseReportReader reader;
    private final AlertRoutingService routing;
    private final AlertRepository alerts;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final SpikeAudience spikeAudience;
    private final SpikeClock spikeClock;
    private final EntityMatchSettings matchSettings;
    private final CommonValueRepository commonValues;
    private final AlertTraces traces;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile boolean stopping;
    private Thread starter;
    private Path temporaryStateDir;

    public RoutingStreams(AlertConfig config, KafkaClients kafkaClients, DirectoryView directory,
            CaseReportReader reader, AlertRoutingService routing, AlertRepository alerts, DeadLetters deadLetters,
            ObjectMapper json, SpikeAudience spikeAudience, SpikeClock spikeClock, EntityMatchSettings matchSettings,
            CommonValueRepository commonValues, AlertTraces traces, MeterRegistry registry) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.directory = directory;
        this.reader = reader;
        this.routing = routing;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.json = json;
        this.spikeAudience = spikeAudience;
        this.spikeClock = spikeClock;
        this.matchSettings = matchSettings;
        this.commonValues = commonValues;
        this.traces = traces;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        starter = new Thread(this::startWhenDirectoryCaughtUp, "routing-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenDirectoryCaughtUp() {
        try {
            while (!stopping && !directory.awaitCaughtUp(Duration.ofSeconds(1))) {
                LOG.debug("Waiting for the directory view before routing reports");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        OptionalInt matchPartitions;
        try (Admin admin = Admin.create(adminSettings())) {
            matchPartitions = MatchPartitions.of(admin, MatchPartitions.topic(config.kafka().groupId()),
                    config.matches().partitions(), () -> stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (stopping || matchPartitions.isEmpty()) {
                return;
            }
            KafkaStreams created = new KafkaStreams(RoutingTopology.build(config.kafka().caseReportsTopic(),
                    config.kafka().alertsTopic(), reader, routing, alerts, deadLetters, json, traces,
                    new RoutingTopology.Spikes(spikeAudience, spikeClock, config.spikes().checkInterval(),
                            SPIKE_PRUNE_INTERVAL),
                    new RoutingTopology.Matches(matchSettings, commonValues, MATCH_PRUNE_INTERVAL,
                            matchPartitions.getAsInt()),
                    new CommitPace(config.routing().commitInterval(),
                            config.routing().busyCommitInterval(), config.routing().busyRecords())), properties());
            created.setUncaughtExceptionHandler(e -> {
                LOG.errorf(e, "A routing stream thread failed; it is replaced and goes on from the last commit");
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            created.setStateListener((now, before) -> LOG.infof("Routing streams %s (was %s)", now, before));
            // Kafka Streams' own metrics on /q/metrics, as kafka_stream_*: among them each thread's commit latency
            // (kafka_stream_thread_commit_latency_avg and _max), the cost of each transactional hop
            streamsMetrics = new KafkaStreamsMetrics(created);
            streamsMetrics.bindTo(registry);
            created.start();
            streams = created;
        }
    }

    /** The stream threads' producers' first retry backoff; it grows to Kafka's retry.backoff.max.ms (1 s). */
    private static final int PRODUCER_RETRY_BACKOFF_MS = 10;

    /** A fetch's bytes per partition for the stream threads: about {@code buffered-records-per-partition} events. */
    private static final int FETCH_BYTES_PER_PARTITION = 256 * 1024;

    /** The kafka.* settings, for the admin client that asks how many partitions entity matching has. */
    private Map<String, Object> adminSettings() {
        Map<String, Object> settings = kafkaClients.settings();
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "alert-service-routing-start");
        return settings;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(kafkaClients.settings());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().groupId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, "alert-service-routing");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a thread that is not busy asks for its commits itself, every commit interval at most (CommitPace); Kafka
        // Streams' own interval is the busy one
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.routing().busyCommitInterval().toMillis());
        // a stream thread commits only between polls: an idle poll must not hold a commit back (100 ms by default)
        p.put(StreamsConfig.POLL_MS_CONFIG, config.routing().commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.routing().threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.TOTAL_BYTES, config.routing().storeMemory().asLongValue());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.routing().cacheMemory().asLongValue());
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, config.routing().bufferedRecordsPerPartition());
        // what a fetch brings per partition waits on the heap until its queue has room: about as much as the queue
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FETCH_BYTES_PER_PARTITION);
        // the transaction flushes at each commit; the default 100 ms linger would only delay the first records, and a
        // linger near the commit interval makes each commit's flush send what the interval produced (session 21)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                (int) config.routing().producerLinger().toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // a transaction begun while the coordinator still writes the last one's markers is refused as concurrent and
        // retried after this backoff: Kafka's default, 100 ms, held a stream thread's commit that long now and then
        // (commit latency max 103 to 108 ms, deploy/bench/README.md, session 36)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        // an instance killed without leaving the group holds its partitions until its session times out: 10 s
        // rather than 45, so that the others take them over sooner
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), KafkaClients.SESSION_TIMEOUT_MS);
        return p;
    }

    private Path stateDir() {
        if (config.routing().stateDir().isPresent()) {
            return Path.of(config.routing().stateDir().get());
        }
        try {
            temporaryStateDir = Files.createTempDirectory("alert-service-routing-");
            return temporaryStateDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaStreams running;
        synchronized (this) {
            stopping = true;
            running = streams;
        }
        if (starter != null) {
            starter.interrupt();
        }
        if (running != null) {
            // leave the group, so that another instance takes the partitions at once rather than after the session
            // timeout
            running.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (temporaryStateDir != null) {
            delete(temporaryStateDir);
        }
    }

    /** Running, or rebalancing its partitions among the instances. */
    public boolean running() {
        KafkaStreams current = streams;
        return current != null && (current.state() == KafkaStreams.State.RUNNING
                || current.state() == KafkaStreams.State.REBALANCING);
    }

    public String state() {
        KafkaStreams current = streams;
        return current == null ? "NOT_STARTED" : current.state().name();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete the routing state directory %s: %s", dir, e.getMessage());
        }
    }
}
