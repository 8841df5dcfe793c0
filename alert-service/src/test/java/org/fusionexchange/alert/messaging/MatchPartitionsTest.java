package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Entity matching runs on the partitions its by-value topic has when the topic exists, and on
 * {@code alert.matches.partitions} (2) for a new deployment, asked of the real broker with alert-service's own
 * principal, whose ACLs cover its internal topics. A deployment that started on two partitions keeps them when the
 * setting says one: Kafka Streams would refuse to start, and each value's state is in the task of its partition.
 */
@QuarkusTest
class MatchPartitionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    KafkaClients kafkaClients;

    @Inject
    AlertConfig config;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @Test
    void aNewDeploymentTakesTheSetting() throws Exception {
        String topic = MatchPartitions.topic(config.kafka().groupId() + "-new-" + UUID.randomUUID());
        try (Admin admin = Admin.create(kafkaClients.settings())) {
            assertEquals(OptionalInt.of(3), MatchPartitions.of(admin, topic, 3, () -> false));
            assertEquals(OptionalInt.of(1), MatchPartitions.of(admin, topic, 1, () -> false));
        }
    }

    @Test
    void anExistingTopicKeepsItsPartitionsWhateverTheSetting() throws Exception {
        String topic = MatchPartitions.topic(config.kafka().groupId() + "-kept-" + UUID.randomUUID());
        try (Admin superuser = Admin.create(stack.kafka().orElseThrow().adminProperties());
                Admin admin = Admin.create(kafkaClients.settings())) {
            superuser.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                Exchange.await(topic + " visible to alert-service", WAIT, () -> {
                    try {
                        return MatchPartitions.of(admin, topic, 1, () -> false).getAsInt() == 2;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals(OptionalInt.of(2), MatchPartitions.of(admin, topic, 1, () -> false));
                assertEquals(OptionalInt.of(2), MatchPartitions.of(admin, topic, 4, () -> false));
            } finally {
                superuser.deleteTopics(List.of(topic)).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void aServiceStoppingBeforeAnAnswerGetsNone() throws Exception {
        String topic = MatchPartitions.topic(config.kafka().groupId() + "-stopping-" + UUID.randomUUID());
        try (Admin admin = Admin.create(kafkaClients.settings())) {
            assertEquals(OptionalInt.empty(), MatchPartitions.of(admin, topic, 1, () -> true));
        }
    }

    @Test
    void theRunningTopologyMatchesOnTheSettingsPartitions() throws Exception {
        Exchange.demoDirectory(stack, directory);
        Exchange.routedOverdose(stack, alerts, WAIT); // routing runs: its internal topics exist
        String topic = MatchPartitions.topic(config.kafka().groupId());
        try (Admin superuser = Admin.create(stack.kafka().orElseThrow().adminProperties())) {
            int partitions = superuser.describeTopics(List.of(topic)).allTopicNames()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            assertEquals(2, config.matches().partitions(), "the default for a new deployment");
            assertEquals(config.matches().partitions(), partitions, topic);
        }
    }
}
