package dev.graphupload.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.internal.JsonTrees;
import dev.graphupload.core.store.CorruptRecordException;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionRecord} as a small JSON object with a schema version:
 *
 * <pre>{@code
 * {"schema":1,"key":"…","callerKey":"order-42","fingerprint":{"path":"/data/clip.mp4","size":123,"modified":"…","sampleSha256":"…"},
 *  "endpoint":"https://graph.facebook.com","appId":"…","apiVersion":"v24.0","sessionId":"upload:…?sig=…",
 *  "fileName":"clip.mp4","fileLength":123,"fileType":"video/mp4",
 *  "state":{"type":"in-progress","confirmed":0} | {"type":"completed","handle":"2:…","completedAt":"…"},
 *          either with "digests":[{"from":0,"to":8388608,"sha256":"…"},…] when content is verified,
 *  "createdAt":"…","updatedAt":"…","expiresAt":"…","revision":3}
 * }</pre>
 *
 * <p>{@code callerKey} is there only for an upload resumed by a caller's key, {@code fingerprint}
 * only for bytes that came from a file; a record has at least one of them. There is no field for a
 * token, and none is ever written. Unknown fields are ignored, so a newer version may add some; a
 * record whose schema is not {@value #SCHEMA} is refused with a message that says so.
 */
public final class SessionRecordCodec {

  /** The schema this version writes and reads. */
  public static final int SCHEMA = 1;

  private SessionRecordCodec() {}

  /**
   * The record as UTF-8 JSON.
   *
   * @param record the record
   * @return its JSON
   */
  public static byte[] encode(SessionRecord record) {
    ObjectNode root = JsonTrees.object();
    root.put("schema", SCHEMA);
    root.put("key", record.key().value());
    record.callerKey().ifPresent(k -> root.put("callerKey", k));
    record
        .fingerprint()
        .ifPresent(
            fp -> {
              ObjectNode fingerprint = root.putObject("fingerprint");
              fingerprint.put("path", fp.path().toString());
              fingerprint.put("size", fp.size());
              fingerprint.put("modified", fp.modified().toString());
              fingerprint.put("sampleSha256", fp.sampleSha256());
              fp.identity().ifPresent(id -> fingerprint.put("identity", id));
            });
    root.put("endpoint", record.endpoint().toString());
    root.put("appId", record.appId().value());
    root.put("apiVersion", record.apiVersion().value());
    root.put("sessionId", record.sessionId().value());
    root.put("fileName", record.fileName());
    root.put("fileLength", record.fileLength());
    root.put("fileType", record.fileType().mimeType());
    ObjectNode state = root.putObject("state");
    if (record.state() instanceof RecordState.Completed done) {
      state.put("type", "completed");
      state.put("handle", done.handle().value());
      state.put("completedAt", done.completedAt().toString());
    } else {
      state.put("type", "in-progress");
      state.put("confirmed", ((RecordState.InProgress) record.state()).confirmed().value());
    }
    if (!record.state().digests().isEmpty()) {
      var digests = state.putArray("digests");
      for (RangeDigest d : record.state().digests()) {
        digests.addObject().put("from", d.from()).put("to", d.to()).put("sha256", d.sha256());
      }
    }
    root.put("createdAt", record.createdAt().toString());
    root.put("updatedAt", record.updatedAt().toString());
    root.put("expiresAt", record.expiresAt().toString());
    root.put("revision", record.revision());
    return JsonTrees.write(root);
  }

  /**
   * Reads a record.
   *
   * @param json the record's JSON
   * @return the record
   * @throws CorruptRecordException naming what is wrong: not JSON, another schema, a field missing
   *     or invalid
   */
  public static SessionRecord decode(byte[] json) {
    JsonNode root;
    try {
      root = JsonTrees.read(json);
    } catch (IOException e) {
      throw new CorruptRecordException("The record is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new CorruptRecordException("The record is not a JSON object", null);
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.canConvertToInt() || schema.asInt() != SCHEMA) {
      throw new CorruptRecordException(
          "The record has schema "
              + (schema == null ? "(none)" : schema.toString())
              + "; this version of graph-upload reads schema "
              + SCHEMA
              + ". Upgrade graph-upload, or clear the stored sessions to start those uploads over",
          null);
    }
    try {
      JsonNode fp = root.get("fingerprint");
      JsonNode state = required(root, "state");
      RecordState decodedState =
          switch (text(state, "type")) {
            case "in-progress" ->
                new RecordState.InProgress(
                    FileOffset.of(number(state, "confirmed")), digests(state));
            case "completed" ->
                new RecordState.Completed(
                    FileHandle.of(text(state, "handle")),
                    instant(state, "completedAt"),
                    digests(state));
            default ->
                throw new IllegalArgumentException(
                    "unknown state type '" + text(state, "type") + "'");
          };
      return new SessionRecord(
          new UploadKey(text(root, "key")),
          root.hasNonNull("callerKey") ? Optional.of(text(root, "callerKey")) : Optional.empty(),
          fp == null || fp.isNull()
              ? Optional.empty()
              : Optional.of(
                  new Fingerprint(
                      Path.of(text(fp, "path")),
                      number(fp, "size"),
                      instant(fp, "modified"),
                      text(fp, "sampleSha256"),
                      fp.hasNonNull("identity")
                          ? Optional.of(text(fp, "identity"))
                          : Optional.empty())),
          URI.create(text(root, "endpoint")),
          AppId.of(text(root, "appId")),
          ApiVersion.of(text(root, "apiVersion")),
          SessionId.of(text(root, "sessionId")),
          text(root, "fileName"),
          number(root, "fileLength"),
          FileType.of(text(root, "fileType")),
          decodedState,
          instant(root, "createdAt"),
          instant(root, "updatedAt"),
          instant(root, "expiresAt"),
          number(root, "revision"));
    } catch (RuntimeException e) {
      throw new CorruptRecordException("The record is invalid: " + e.getMessage(), e);
    }
  }

  private static List<RangeDigest> digests(JsonNode state) {
    JsonNode digests = state.get("digests");
    if (digests == null || digests.isNull()) {
      return List.of(); // written without content verification, or before it existed
    }
    if (!digests.isArray()) {
      throw new IllegalArgumentException("field 'digests' is not an array");
    }
    List<RangeDigest> out = new ArrayList<>();
    for (JsonNode d : digests) {
      out.add(new RangeDigest(number(d, "from"), number(d, "to"), text(d, "sha256")));
    }
    return out;
  }

  private static JsonNode required(JsonNode node, String name) {
    JsonNode field = node.get(name);
    if (field == null || field.isNull()) {
      throw new IllegalArgumentException("\"" + name + "\" is missing");
    }
    return field;
  }

  private static String text(JsonNode node, String name) {
    JsonNode field = required(node, name);
    if (!field.isTextual()) {
      throw new IllegalArgumentException("\"" + name + "\" is not a string");
    }
    return field.asText();
  }

  private static long number(JsonNode node, String name) {
    JsonNode field = required(node, name);
    if (!field.isIntegralNumber() || !field.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + name + "\" is not a whole number");
    }
    return field.asLong();
  }

  private static Instant instant(JsonNode node, String name) {
    return Instant.parse(text(node, name));
  }
}
