package io.parley.load;

/** An account the connection-scale tool connects as, with the token its one device presents. */
record ScaleUser(String username, String userId, String token, long expiresAt) {

  ScaleUser withToken(String newToken, long newExpiresAt) {
    return new ScaleUser(username, userId, newToken, newExpiresAt);
  }

  /** One line of the users file: tab-separated, in field order. */
  String line() {
    return String.join("\t", username, userId, token, Long.toString(expiresAt));
  }

  static ScaleUser parse(String line) {
    String[] fields = line.split("\t");
    if (fields.length != 4) {
      throw new IllegalArgumentException("users file: expected username, userId, token, expiresAt: " + line);
    }
    return new ScaleUser(fields[0], fields[1], fields[2], Long.parseLong(fields[3]));
  }
}
