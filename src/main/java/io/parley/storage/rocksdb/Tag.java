package io.parley.storage.rocksdb;

/**
 * The first byte of every key, one per record type, so that the stores share one key space without collisions.
 * Each store documents the fields that follow its tags.
 */
enum Tag {
  MESSAGE('m'),
  INBOX('i'),
  CLIENT_ID('c'),
  READ_CURSOR('r'),
  ACTIVITY('a'),
  CONVERSATION_LAST('l'),
  USER_CONVERSATION('C'),
  USER('u'),
  USERNAME('n'),
  DEVICE('d'),
  FRIEND('f'),
  RELATION('R'),
  CONTACT('k'),
  GROUP('g'),
  USER_GROUP('G'),
  PUSH('p'),
  PUSH_PREVIEWS('P'),
  SESSION('s'),
  DELETED_USER('x');

  private final byte code;

  Tag(char code) {
    this.code = (byte) code;
  }

  /** A key of this type, to be completed with its fields. */
  Encoder key() {
    return new Encoder().tag(code);
  }
}
