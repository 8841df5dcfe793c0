package org.fusionexchange.alert.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import io.agroal.api.AgroalDataSource;

/**
 * Entity values too common to match (more reports than the limit within the window), kept for administrators as
 * candidates for the directory's ignore list: the value and how many reports held it, never which reports or
 * agencies. Written by the entity match step when a value crosses the limit; writing the same value again only moves
 * its count and time, so a step replayed after a failure changes nothing.
 */
@ApplicationScoped
public class CommonValueRepository {

    /** A candidate: its kind, normalised value, a plate's issuing subdivision, the reports that held it, and when. */
    public record CommonValue(String kind, String value, String plateState, int reports, Instant firstSeen,
            Instant lastSeen) {
    }

    private static final String UPSERT = """
            insert into common_entity_value (key, kind, value, plate_state, reports, first_seen, last_seen)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (key) do update set reports = greatest(common_entity_value.reports, excluded.reports),
                last_seen = excluded.last_seen""";

    private final AgroalDataSource dataSource;

    public CommonValueRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void seen(String key, String kind, String value, String plateState, int reports, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, key);
            upsert.setString(2, kind);
            upsert.setString(3, value);
            upsert.setString(4, plateState);
            upsert.setInt(5, reports);
            upsert.setObject(6, at.atOffset(ZoneOffset.UTC));
            upsert.setObject(7, at.atOffset(ZoneOffset.UTC));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Recording the common entity value " + key + " failed", e);
        }
    }

    /** The most recently seen candidates, at most {@code limit}. */
    public List<CommonValue> latest(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select kind, value, plate_state, reports,"
                        + " first_seen, last_seen from common_entity_value order by last_seen desc, key limit ?")) {
            select.setInt(1, limit);
            List<CommonValue> values = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    values.add(new CommonValue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getObject(5, java.time.OffsetDateTime.class).toInstant(),
                            rs.getObject(6, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new PersistenceException("Listing the common entity values failed", e);
        }
    }
}
