package org.fusionexchange.alert.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Where the projection of the {@code alerts} topic stands: the next offset of each partition it stored, and each
 * recipient's last alert number (V10). Written in the transaction that stores the alerts, so the two always agree
 * with the {@code alert} table. Every method joins the caller's transaction.
 */
@ApplicationScoped
public class ProjectionState {

    /** The positions of the topic's partitions (absent: never projected) and every recipient's last number. */
    public record Snapshot(Map<Integer, Long> positions, Map<String, Long> numbers) {
    }

    private final EntityManager entityManager;

    public ProjectionState(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Positions and numbers read in one statement, so they agree with each other. */
    public Snapshot read(String topic) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select partition_no, next_offset, null, null from alert_projection_position where topic = ?"
                            + " union all select null, null, recipient, seq from recipient_sequence")) {
                select.setString(1, topic);
                Map<Integer, Long> positions = new HashMap<>();
                Map<String, Long> numbers = new HashMap<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String recipient = rs.getString(3);
                        if (recipient == null) {
                            positions.put(rs.getInt(1), rs.getLong(2));
                        } else {
                            numbers.put(recipient, rs.getLong(4));
                        }
                    }
                }
                return new Snapshot(positions, numbers);
            }
        });
    }

    /** Gives each partition without a position the one in {@code starts}. */
    public void startAt(String topic, Map<Integer, Long> starts) {
        if (starts.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into alert_projection_position"
                    + " (topic, partition_no, next_offset) values (?, ?, ?) on conflict do nothing")) {
                for (Map.Entry<Integer, Long> start : starts.entrySet()) {
                    insert.setString(1, topic);
                    insert.setInt(2, start.getKey());
                    insert.setLong(3, start.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Moves a partition's position from {@code expected} to {@code next}, and locks it to the end of the
     * transaction. False, and nothing changed, if it is no longer at {@code expected}: another instance has stored
     * from there since.
     */
    public boolean advance(String topic, int partition, long expected, long next) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update alert_projection_position"
                    + " set next_offset = ? where topic = ? and partition_no = ? and next_offset = ?")) {
                update.setLong(1, next);
                update.setString(2, topic);
                update.setInt(3, partition);
                update.setLong(4, expected);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Stores recipients' last numbers. */
    public void saveNumbers(Map<String, Long> numbers) {
        if (numbers.isEmpty()) {
            return;
        }
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("insert into recipient_sequence"
                    + " (recipient, seq) values (?, ?) on conflict (recipient) do update set seq = excluded.seq")) {
                for (Map.Entry<String, Long> number : numbers.entrySet()) {
                    upsert.setString(1, number.getKey());
                    upsert.setLong(2, number.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }
}
