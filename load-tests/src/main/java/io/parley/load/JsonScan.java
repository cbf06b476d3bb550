package io.parley.load;

/**
 * Reads one string field out of a JSON text without parsing all of it: the generator shares its cores with the
 * server, so it reads only what it needs. Meant for the bench's own values (ids, types, its texts), which hold no
 * escaped quotes; a key is found only where it stands as a key, since a quote inside a string value is escaped.
 */
final class JsonScan {
  private JsonScan() {
  }

  /** The string value of the first field named {@code key}, or null when there is none or it is not a string. */
  static String string(String json, String key) {
    String quoted = '"' + key + '"';
    for (int at = json.indexOf(quoted); at >= 0; at = json.indexOf(quoted, at + 1)) {
      int colon = skipSpace(json, at + quoted.length());
      if (colon < json.length() && json.charAt(colon) == ':') {
        int open = skipSpace(json, colon + 1);
        if (open >= json.length() || json.charAt(open) != '"') {
          return null;
        }
        return json.substring(open + 1, json.indexOf('"', open + 1));
      }
    }
    return null;
  }

  private static int skipSpace(String json, int from) {
    int at = from;
    while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
      at++;
    }
    return at;
  }
}
