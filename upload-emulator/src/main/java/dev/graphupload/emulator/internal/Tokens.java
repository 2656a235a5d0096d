package dev.graphupload.emulator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens the emulator accepts, and those expired on demand. */
public final class Tokens {

  private final Set<String> valid;
  private final Set<String> expired = ConcurrentHashMap.newKeySet();

  Tokens(Set<String> valid) {
    this.valid = Set.copyOf(valid);
  }

  /** Checks a token; throws Graph's code 190 when it is missing, unknown or expired. */
  void check(String token) {
    if (token == null || token.isEmpty()) {
      throw GraphFailure.invalidToken("An access token is required to request this resource.");
    }
    if (!valid.contains(token)) {
      throw GraphFailure.invalidToken("Cannot parse access token");
    }
    if (expired.contains(token)) {
      throw GraphFailure.expiredToken();
    }
  }

  public void expire(String token) {
    expired.add(token);
  }

  void reset() {
    expired.clear();
  }
}
