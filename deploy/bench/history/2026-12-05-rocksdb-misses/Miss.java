import org.rocksdb.*;
import java.nio.file.*;
public class Miss {
    public static void main(String[] a) throws Exception {
        RocksDB.loadLibrary();
        Path dir = Files.createTempDirectory("miss");
        try (Options o = new Options().setCreateIfMissing(true)) {
            BlockBasedTableConfig t = new BlockBasedTableConfig();
            t.setFilterPolicy(new BloomFilter());
            t.setBlockCache(new LRUCache(32L << 20, 0, false, 0.3));
            t.setCacheIndexAndFilterBlocks(true);
            t.setIndexType(IndexType.kTwoLevelIndexSearch);
            t.setPartitionFilters(true);
            o.setTableFormatConfig(t);
            try (RocksDB db = RocksDB.open(o, dir.toString())) {
                byte[] v = new byte[200];
                for (int i = 0; i < 300_000; i++) db.put(("report-" + i).getBytes(), v);
                db.flush(new FlushOptions().setWaitForFlush(true));
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime(); int n = 0;
                    for (int i = 0; i < 1_000_000; i++) if (db.get(("never-" + round + "-" + i).getBytes()) == null) n++;
                    long t1 = System.nanoTime(); int h = 0;
                    for (int i = 0; i < 1_000_000; i++) if (db.get(("report-" + (i % 300_000)).getBytes()) != null) h++;
                    long t2 = System.nanoTime();
                    System.out.printf("%s miss %.2f us (%d), hit %.2f us (%d)%n", RocksDB.rocksdbVersion(), (t1 - t0) / 1e3 / 1e6, n, (t2 - t1) / 1e3 / 1e6, h);
                }
            }
        }
    }
}
