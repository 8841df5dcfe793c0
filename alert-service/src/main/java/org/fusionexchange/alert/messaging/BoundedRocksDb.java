package org.fusionexchange.alert.messaging;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB state store of this process together: one block cache, shared by all
 * stores and tasks, that also holds their index and filter blocks and is charged for their memtables. Without it
 * each store of each task takes its own 50 MB cache and up to three 16 MB memtables, which under load would take the
 * service past its memory budget (issue 15: under 512 MiB resident). Configured by {@link #TOTAL_BYTES} in the
 * streams properties.
 *
 * <p>Indexes and Bloom filters are partitioned: each table file keeps a small top-level index of its filter's and
 * index's partitions (pinned in the cache), and a lookup reads one partition of a few KB. Most lookups are of keys
 * never stored (a report's first version, an entity value never seen), which only the filter answers. With one filter
 * block per file, such a lookup read the file's whole filter (about 1.2 bytes per key) whenever the cache had evicted
 * it, and a block of hundreds of KB does not stay in a cache shard of 512 KB. In a profile of entity matching's
 * benchmark stage (2026-12-05), re-reading and checksumming filters took a third of the stores' lookup time; with
 * partitions in 64 shards they were still read again, with partitions in one shard no more
 * (deploy/bench/README.md, session 25).
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** The streams property with the bytes all stores may use off the heap, memtables included. */
    static final String TOTAL_BYTES = "alert.routing.rocksdb.total-bytes";
    /** Of that, what memtables may take. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** The share of the cache kept for index and filter blocks, so that reads do not push them out. */
    private static final double INDEX_FILTER_SHARE = 0.3;
    /**
     * One shard: RocksDB would cut 32 MB into 64 shards of 512 KB, each holding about one of the 256 KB entries by
     * which the memtables are charged to the cache, and a high-priority pool of 51 KB. One lock guards it: the
     * stream threads ({@code alert.routing.threads}, 2) and RocksDB's flushes share it; how much they wait on it
     * with two threads was not measured (one shard was chosen with one thread).
     */
    private static final int SHARD_BITS = 0;
    private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    /** The size of an index or filter partition. */
    private static final long METADATA_BLOCK_BYTES = 4L * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long totalBytes) {
        if (cache == null) {
            cache = new LRUCache(totalBytes, SHARD_BITS, false, INDEX_FILTER_SHARE);
            writeBuffers = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(Long.parseLong(String.valueOf(configs.get(TOTAL_BYTES))));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setIndexType(IndexType.kTwoLevelIndexSearch);
        table.setPartitionFilters(true);
        table.setMetadataBlockSize(METADATA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed here
    }
}
