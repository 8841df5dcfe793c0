package org.fusionexchange.intake.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.intake.domain.ReportType;
import org.fusionexchange.intake.repository.CaseReportRepository.Position;
import org.fusionexchange.intake.repository.CaseReportRepository.Row;
import org.fusionexchange.intake.repository.ReportLists;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;

import io.smallrye.mutiny.Uni;

/**
 * The agency's reports as a list, newest first. Read on the request's event loop (repository/ReportLists): no
 * transaction, no worker thread, nothing written.
 */
@ApplicationScoped
public class ReportListing {

    /** One page of the agency's reports, how many there are in all (numbered pages only), and where the next starts. */
    public record ReportPage(List<ReportSummary> items, Long total, Position next) {
    }

    private final ReportLists lists;

    public ReportListing(ReportLists lists) {
        this.lists = lists;
    }

    /**
     * {@code size} reports after {@code after} (a cursor page, O(size)) or, when {@code page} is given, the page-th
     * page of that size with the count of all (O(n), the older way). {@code next} is where the following page starts,
     * null on the last.
     */
    public Uni<ReportPage> list(String agency, ReportType type, Instant since, Position after, Integer page, int size) {
        String typeName = type == null ? null : type.name();
        int offset = page == null ? 0 : page * size;
        Uni<List<Row>> rows = lists.page(agency, typeName, since, after, offset, size + 1);
        if (page == null) {
            return rows.map(found -> page(found, size, null));
        }
        return Uni.combine().all().unis(rows, lists.count(agency, typeName, since)).with((found, total) ->
                page(found, size, total));
    }

    private static ReportPage page(List<Row> rows, int size, Long total) {
        Position next = rows.size() > size ? rows.get(size - 1).position() : null;
        List<ReportSummary> items = rows.stream().limit(size).map(ReportListing::summary).toList();
        return new ReportPage(items, total, next);
    }

    private static ReportSummary summary(Row r) {
        return new ReportSummary(r.id(), r.externalRef(), r.type(), r.version(), r.status(), r.receivedAt(),
                r.updatedAt());
    }
}
