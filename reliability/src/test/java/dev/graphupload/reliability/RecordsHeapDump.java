package dev.graphupload.reliability;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.storage.file.FileSessionStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM that does what a process resuming uploads does with its records (reads them from
 * the store, decodes, encodes, prints them) and then dumps its heap, so that the dump can be
 * searched for a token. It must never touch a token itself: arguments are the store directory and
 * the dump file.
 */
public final class RecordsHeapDump {

  /** Kept reachable until the dump is written. */
  static final List<Object> HELD = new ArrayList<>();

  private RecordsHeapDump() {}

  public static void main(String[] args) throws Exception {
    FileSessionStore store = FileSessionStore.open(Path.of(args[0]));
    List<SessionRecord> records = store.list();
    for (SessionRecord record : records) {
      HELD.add(record);
      HELD.add(record.toString());
      HELD.add(SessionRecordCodec.encode(record));
    }
    System.out.println(records.size() + " records");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[1], false);
  }
}
