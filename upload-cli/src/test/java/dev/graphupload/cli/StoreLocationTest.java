package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {

  @Test
  void everyRedisFormTheStoreTakesIsRedisNotADirectory() {
    for (String uri :
        new String[] {
          "redis://127.0.0.1:6379",
          "redis://10.0.0.1:7000,10.0.0.2:7000",
          "rediss://redis.internal:6380",
          "redis-sentinel://127.0.0.1:26379#graph-upload",
          "rediss-sentinel://127.0.0.1:26379#graph-upload"
        }) {
      assertThat(StoreLocation.parse(uri)).as(uri).isEqualTo(new StoreLocation.Redis(uri));
    }
  }

  @Test
  void anUnknownSchemeIsRefusedInsteadOfBecomingADirectory() {
    assertThatThrownBy(() -> StoreLocation.parse("reddis://127.0.0.1:6379"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'reddis://…' is no store this command knows")
        .hasMessageContaining("redis-sentinel://HOST:PORT#MASTER");
    assertThat(StoreLocation.parse("sessions"))
        .isEqualTo(new StoreLocation.Directory(Path.of("sessions")));
  }
}
