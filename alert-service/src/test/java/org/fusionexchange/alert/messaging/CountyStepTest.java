package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.service.CountyAdjacency;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.SpikeAudience;
import org.fusionexchange.alert.service.SpikeClock;
import org.fusionexchange.alert.service.SpikeRules;
import org.fusionexchange.alert.service.SpikeRules.Bucket;
import org.fusionexchange.alert.service.SpikeRules.CountyState;
import org.fusionexchange.alert.service.SpikeRules.Delta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The county step keeps each county's state decoded between its overdoses, and never serves that copy once the store
 * holds other bytes (a restore from the changelog, a task moved here and back).
 */
class CountyStepTest {

    private static final String HILLSBOROUGH = "US-FL-12057";

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final List<SpikeSteps.CountyStep> steps = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> deltas;
    private TestOutputTopic<String, byte[]> alerts;
    private KeyValueStore<String, byte[]> counties;

    @BeforeEach
    void start() {
        DirectoryView directory = new DirectoryView();
        DemoDirectory.agencies().forEach(directory::apply);
        SpikeAudience audience = new SpikeAudience(directory, new CountyAdjacency(),
                new SpikeRules.Thresholds(3, 6, 10));
        StreamsBuilder builder = new StreamsBuilder();
        // as the routing topology keeps it: on the heap, cached
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SpikeSteps.COUNTIES),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.stream("deltas", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> {
                    SpikeSteps.CountyStep step = new SpikeSteps.CountyStep(audience, new SpikeClock(),
                            Duration.ofHours(1), json);
                    steps.add(step);
                    return step;
                }, Named.as("county-spikes"), SpikeSteps.COUNTIES)
                .to("alerts", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "county-step-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        deltas = driver.createInputTopic("deltas", new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
        counties = driver.getKeyValueStore(SpikeSteps.COUNTIES);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCountysNextOverdoseDecodesNothingAndAStateChangedUnderTheStepIsReadAgain() throws Exception {
        Instant at = Instant.now().minusSeconds(60);
        for (int i = 0; i < 3; i++) {
            overdose(at);
        }
        assertEquals(6, alerts.readRecordsToList().size(), "the third overdose starts a spike: an Alert to each of "
                + "Hillsborough's six recipients");
        SpikeSteps.CountyStep step = steps.get(steps.size() - 1);
        assertEquals(0, step.decodes(), "each overdose found the bytes the step last wrote, and decoded nothing");
        assertEquals(3, stored().buckets().firstEntry().getValue().count());
        assertNotNull(stored().spike());

        // the store now holds other bytes than the step wrote: one overdose counted, no spike
        TreeMap<Long, Bucket> one = new TreeMap<>();
        one.put(stored().buckets().firstKey(), new Bucket(1, 0, 0));
        counties.put(HILLSBOROUGH, json.writeValueAsBytes(new CountyState(one, null)));
        overdose(at);
        assertEquals(1, step.decodes(), "the changed bytes were decoded");
        CountyState after = stored();
        assertEquals(2, after.buckets().firstEntry().getValue().count(),
                "the delta applied to the store's state, not to the step's earlier copy (which counted 3)");
        assertNull(after.spike(), "no spike: 2 is under the threshold");
        assertEquals(List.of(), alerts.readRecordsToList());

        overdose(at);
        assertEquals(1, step.decodes(), "then the step's own bytes again: nothing decoded");
        assertEquals(3, stored().buckets().firstEntry().getValue().count());
        assertEquals(6, alerts.readRecordsToList().size(), "a new spike, from the store's counts");

        counties.delete(HILLSBOROUGH);
        overdose(at);
        assertEquals(1, stored().buckets().firstEntry().getValue().count(),
                "a county gone from the store starts again from nothing");
    }

    private void overdose(Instant occurredAt) throws Exception {
        deltas.pipeInput(HILLSBOROUGH, json.writeValueAsBytes(new Delta(HILLSBOROUGH, occurredAt, 1, false, false)));
    }

    private CountyState stored() throws Exception {
        return json.readValue(counties.get(HILLSBOROUGH), CountyState.class);
    }
}
