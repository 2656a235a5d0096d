package dev.graphupload.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON trees read and written with Jackson's streaming parser and generator, without an {@code
 * ObjectMapper}. The core reads and writes only small trees (a reply, a record); making a mapper
 * costs about 40 ms in a fresh JVM (its class initialisation loads the whole data-binding
 * machinery) of a one-file command's half second (docs/BENCHMARKS.md, "Start-up"), and this does
 * the same work with the parser alone. Trees read here are what a default mapper's {@code readTree}
 * gives: the last of repeated names wins, whole numbers are int, long or big-integer nodes by size,
 * fractions are doubles, and content after the first value is not read. The parser's own limits
 * apply (nesting depth 1,000 and the lengths of {@code StreamReadConstraints}).
 */
public final class JsonTrees {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * An empty object to fill.
   *
   * @return a new object node
   */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * The tree of a JSON text.
   *
   * @param json UTF-8 JSON
   * @return its first value; {@link MissingNode} when there is none (empty or blank input)
   * @throws IOException when it is not JSON
   */
  public static JsonNode read(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      return first == null ? MissingNode.getInstance() : value(parser, first);
    }
  }

  /**
   * A tree as compact UTF-8 JSON.
   *
   * @param tree objects, arrays, strings, numbers, booleans and nulls
   * @return its JSON
   */
  public static byte[] write(JsonNode tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, tree);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON into memory failed", e);
    }
    return out.toByteArray();
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = next(parser); t != JsonToken.END_OBJECT; t = next(parser)) {
          String name = parser.currentName();
          object.set(name, value(parser, next(parser)));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = next(parser); t != JsonToken.END_ARRAY; t = next(parser)) {
          array.add(value(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }

  private static JsonToken next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new JsonParseException(parser, "Unexpected end of input");
    }
    return token;
  }

  private static void write(JsonGenerator generator, JsonNode node) throws IOException {
    if (node.isObject()) {
      generator.writeStartObject();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        generator.writeFieldName(field.getKey());
        write(generator, field.getValue());
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode element : node) {
        write(generator, element);
      }
      generator.writeEndArray();
    } else if (node.isTextual()) {
      generator.writeString(node.textValue());
    } else if (node.isBigInteger()) {
      generator.writeNumber(node.bigIntegerValue());
    } else if (node.isIntegralNumber()) {
      generator.writeNumber(node.longValue());
    } else if (node.isNumber()) {
      generator.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      generator.writeBoolean(node.booleanValue());
    } else if (node.isNull()) {
      generator.writeNull();
    } else {
      throw new IllegalArgumentException("Not a JSON value: " + node.getNodeType());
    }
  }
}
