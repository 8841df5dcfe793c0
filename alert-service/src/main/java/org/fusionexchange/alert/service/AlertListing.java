package org.fusionexchange.alert.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.alert.repository.AlertLists;
import org.fusionexchange.alert.repository.AlertRepository;

import io.smallrye.mutiny.Uni;

/**
 * An agency's alerts as a list, newest first, never another agency's. Read on the request's event loop
 * (repository/AlertLists): no transaction, no worker thread, nothing written.
 */
@ApplicationScoped
public class AlertListing {

    /** One page of alerts, how many match in all (when cheap to say), and the seq after which the next starts. */
    public record Listing(List<AlertLists.Listed> items, Long total, Long next) {
    }

    private final AlertLists lists;

    public AlertListing(AlertLists lists) {
        this.lists = lists;
    }

    /**
     * A page of the recipient's alerts, newest first: {@code size} alerts numbered below {@code after} (a cursor
     * page, O(size) on the index (recipient, seq)) or, when {@code page} is given, the page-th page of that size with
     * the count of all matching (O(n), the older way). Without filters the total of a cursor page is the recipient's
     * last number: alerts are numbered 1, 2, 3, ... without gaps and never deleted.
     */
    public Uni<Listing> list(AlertRepository.Filter filter, Long after, Integer page, int size) {
        int offset = page == null ? 0 : page * size;
        if (page != null) {
            return Uni.combine().all().unis(lists.page(filter, after, offset, size + 1), lists.count(filter))
                    .with((found, total) -> listing(found, size, total));
        }
        if (filter.unfiltered() && after != null) {
            return lists.page(filter, after, offset, size + 1, true).map(found -> listing(found.items(), size,
                    found.lastSeq()));
        }
        // unfiltered, the newest alert's number is the total: numbers have no gaps and alerts are kept
        return lists.page(filter, after, offset, size + 1).map(found -> listing(found, size,
                !filter.unfiltered() ? null : found.isEmpty() ? 0L : found.get(0).seq()));
    }

    private static Listing listing(List<AlertLists.Listed> rows, int size, Long total) {
        Long next = rows.size() > size ? rows.get(size - 1).seq() : null;
        return new Listing(rows.size() > size ? rows.subList(0, size) : rows, total, next);
    }
}
