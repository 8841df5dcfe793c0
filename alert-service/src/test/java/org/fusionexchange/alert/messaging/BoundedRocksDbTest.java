package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * The stores' RocksDB settings on a real RocksDB. A lookup of a key never stored (a report's first version, a value never
 * seen: routing's and matching's common case) is answered by the Bloom filter, and the filter enters the shared
 * block cache in partitions of a few KB: a whole filter per file, tens to hundreds of KB, did not stay in a cache shard
 * of 512 KB and was read from its file again and again ({@link BoundedRocksDb}).
 */
class BoundedRocksDbTest {

    private static final int KEYS = 200_000;
    private static final byte[] VALUE = new byte[100];

    @TempDir
    Path dir;

    @Test
    void theFilterEntersTheCacheInPartitionsOfAFewKilobytes() throws Exception {
        RocksDB.loadLibrary();
        try (Statistics statistics = new Statistics(); BloomFilter bloom = new BloomFilter();
                Options options = options(bloom).setStatistics(statistics);
                FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            for (int i = 0; i < KEYS; i++) {
                db.put(key("report-" + i), VALUE);
            }
            db.flush(flush);
            assertEquals(VALUE.length, db.get(key("report-12345")).length);
            // inside the stored keys' range, so that the files' key ranges do not answer it first
            long usefulBefore = statistics.getTickerCount(TickerType.BLOOM_FILTER_USEFUL);
            assertNull(db.get(key("report-12345x")));
            long useful = statistics.getTickerCount(TickerType.BLOOM_FILTER_USEFUL) - usefulBefore;

            long blocks = statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_ADD);
            long bytes = statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_BYTES_INSERT);
            // a whole filter is 10 bits a key: about 30 KB a file here without partitions, hundreds of KB once compacted
            assertTrue(blocks > 0, "no filter block entered the cache");
            assertTrue(bytes / blocks <= 8 * 1024, blocks + " filter blocks of " + bytes / blocks
                    + " bytes on average entered the cache");
            assertTrue(useful >= 1, "the key never stored was answered by a filter, without reading a data block");
        }
    }

    /** The options as Kafka Streams hands them to the config setter (a block-based table with a Bloom filter), set. */
    private static Options options(BloomFilter bloom) {
        // no compaction in the background: the files the lookups see are the ones written here
        Options options = new Options().setCreateIfMissing(true).setDisableAutoCompactions(true);
        BlockBasedTableConfig table = new BlockBasedTableConfig();
        table.setFilterPolicy(bloom);
        options.setTableFormatConfig(table);
        new BoundedRocksDb().setConfig("report-routes", options,
                Map.of(BoundedRocksDb.TOTAL_BYTES, String.valueOf(32L * 1024 * 1024)));
        return options;
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
