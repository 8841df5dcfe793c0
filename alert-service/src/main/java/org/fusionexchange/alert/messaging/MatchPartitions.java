package org.fusionexchange.alert.messaging;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * How many partitions entity matching runs on: those of the by-value topic when it exists, else
 * {@code alert.matches.partitions}. A value's state lives in the task of the partition its key hashes to, so a
 * deployment keeps the count it started with, whatever the setting says later: Kafka Streams refuses to start on an
 * internal topic whose partitions differ from the topology's ("Existing internal topic ... has invalid partitions"),
 * and with another count each value would hash to a task that never saw it, its matches lost.
 */
final class MatchPartitions {

    private static final Logger LOG = Logger.getLogger(MatchPartitions.class);
    /** How long one question to the broker may take before it is asked again. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

    private MatchPartitions() {
    }

    /** The by-value topic of the routing topology whose application id is given, as Kafka Streams names it. */
    static String topic(String applicationId) {
        return applicationId + "-" + EntitySteps.BY_VALUE + "-repartition";
    }

    /**
     * The partitions of {@code topic} if it exists, else {@code configured}; asked again until the broker answers,
     * empty only when {@code stopping} says so first.
     */
    static OptionalInt of(Admin admin, String topic, int configured, BooleanSupplier stopping)
            throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            try {
                int existing = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
                if (existing != configured) {
                    LOG.warnf("%s has %d partitions: entity matching keeps them (alert.matches.partitions=%d applies "
                            + "to a deployment whose topic does not exist yet)", topic, existing, configured);
                }
                return OptionalInt.of(existing);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return OptionalInt.of(configured); // a new deployment: Kafka Streams creates it so
                }
                LOG.warnf("Cannot yet learn the partitions of %s (%s); routing starts once it can", topic,
                        e.getCause());
            } catch (TimeoutException e) {
                LOG.warnf("Cannot yet learn the partitions of %s (no answer within %s); routing starts once it can",
                        topic, ANSWER_WAIT);
            }
            Thread.sleep(RETRY_WAIT.toMillis());
        }
        return OptionalInt.empty();
    }
}
