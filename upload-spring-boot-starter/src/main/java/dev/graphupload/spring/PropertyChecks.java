package dev.graphupload.spring;

/** Checks of the properties the uploader cannot start without. */
final class PropertyChecks {

  private PropertyChecks() {}

  /**
   * {@code value}, which must be set and not a placeholder Spring could not resolve (such as {@code
   * ${GRAPH_ACCESS_TOKEN}} when that variable is unset: Spring then binds the text as it is).
   *
   * @param value the bound value
   * @param property the property's full name
   * @param variable the end of the environment variable's name suggested, such as {@code APP_ID}
   * @param secret whether the value must not appear in the message
   * @return the value
   */
  static String required(String value, String property, String variable, boolean secret) {
    String env = "GRAPH_UPLOAD_" + variable;
    if (value == null || value.isBlank()) {
      throw new GraphUploadPropertyException(
          property,
          "it is not set",
          "Set "
              + property
              + ", or the environment variable "
              + env
              + (secret ? " (from a secret store; never in a file under version control)" : ""),
          null);
    }
    int open = value.indexOf("${");
    if (open >= 0) {
      int close = value.indexOf('}', open);
      String placeholder = close > open ? value.substring(open, close + 1) : "${...";
      throw new GraphUploadPropertyException(
          property,
          "its placeholder "
              + placeholder
              + " did not resolve: nothing in the environment has that name",
          "Set the environment variable (or property) the placeholder names, or give the placeholder a default such as ${NAME:value}",
          null);
    }
    return value;
  }
}
