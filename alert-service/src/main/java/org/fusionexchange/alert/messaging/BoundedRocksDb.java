package org.fusionexchange.alert.messaging;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB state store of this process together: one block cache, shared by all
 * stores and tasks, that also holds their index and filter blocks and is charged for their memtables. Without it
 * each store of each task takes its own 50 MB cache and up to three 16 MB memtables, which under load would take the
 * service past its memory budget (issue 15: under 512 MiB resident). Configured by {@link #TOTAL_BYTES} in the
 * streams properties.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** The streams property with the bytes all stores may use off the heap, memtables included. */
    static final String TOTAL_BYTES = "alert.routing.rocksdb.total-bytes";
    /** Of that, what memtables may take. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** The share of the cache kept for index and filter blocks, so that reads do not push them out. */
    private static final double INDEX_FILTER_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long totalBytes) {
        if (cache == null) {
            cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
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
