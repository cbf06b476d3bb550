package io.parley.storage;

/** The four stores one storage backend provides. */
public record Stores(MessageStore messages, UserStore users, SocialStore social, PushStore push) {
}
