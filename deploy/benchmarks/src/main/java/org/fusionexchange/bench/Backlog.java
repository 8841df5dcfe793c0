package org.fusionexchange.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The report events intake published while alert-service was stopped. They were the load of the intake stages,
 * hundreds of thousands of them; routing them all would take the rest of the run and is not what a later stage
 * measures. Before alert-service starts again, its consumer group is moved to the end of the topic, so that it
 * starts with nothing to catch up on: every group the given names (the groups the stack's ACLs grant to readers of
 * case-reports; one that has committed nothing yet starts from the beginning otherwise), and every other consumer
 * group with offsets on case-reports.
 */
final class Backlog {

    static final String CASE_REPORTS = "case-reports";

    private Backlog() {
    }

    /** The end offsets of case-reports, summed over its partitions. */
    static long endOfCaseReports(Admin admin) throws Exception {
        return ends(admin).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until intake has nothing left to publish (case-reports stops growing for 3 s), then moves the groups
     * given, and every other consumer group with offsets on case-reports, to its end. Answers how many records the
     * group furthest behind skipped. The groups must be empty: their service stopped.
     */
    static long skip(Admin admin, Set<String> groups, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long end = endOfCaseReports(admin);
        for (int quiet = 0; quiet < 3 && System.nanoTime() < deadline; ) {
            Thread.sleep(1_000);
            long now = endOfCaseReports(admin);
            quiet = now == end ? quiet + 1 : 0;
            end = now;
        }
        Map<TopicPartition, Long> ends = ends(admin);
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        ends.forEach((partition, offset) -> target.put(partition, new OffsetAndMetadata(offset)));
        Set<String> moved = new TreeSet<>(groups);
        for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = offsets(admin, group.groupId());
            if (committed.keySet().stream().anyMatch(p -> p.topic().equals(CASE_REPORTS))) {
                moved.add(group.groupId());
            }
        }
        long skipped = 0;
        for (String group : moved) {
            Map<TopicPartition, OffsetAndMetadata> committed = offsets(admin, group);
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> partition : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(partition.getKey());
                behind += partition.getValue() - (at == null ? 0 : at.offset());
            }
            alter(admin, group, target, deadline);
            System.out.println("    consumer group " + group + " moved to the end of " + CASE_REPORTS + ", past "
                    + behind + " records");
            skipped = Math.max(skipped, behind);
        }
        return skipped;
    }

    /** Retries while the group still has the member that just stopped (until the broker lets it go). */
    private static void alter(Admin admin, String group, Map<TopicPartition, OffsetAndMetadata> offsets,
            long deadline) throws Exception {
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot move group " + group + " to the end of " + CASE_REPORTS
                            + ": " + e.getCause(), e);
                }
                Thread.sleep(2_000);
            }
        }
    }

    /** A group's committed offsets; none for a group that does not exist yet. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return committed == null ? Map.of() : committed;
    }

    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(CASE_REPORTS)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(CASE_REPORTS).partitions().stream()
                .map(p -> new TopicPartition(CASE_REPORTS, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(latest).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        found.forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }
}
