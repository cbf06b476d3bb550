package io.parley.presence.local;

import io.parley.presence.PresenceStore;
import io.parley.presence.PresenceStoreContract;

import java.time.Duration;
import java.util.Optional;

class LocalPresenceStoreTest extends PresenceStoreContract {

  @Override
  protected PresenceStore createStore(Duration offlineAfter) {
    return new LocalPresenceStore(offlineAfter);
  }

  @Override
  protected Optional<PresenceStore> createStoreOfAnotherNode(Duration offlineAfter) {
    return Optional.empty();
  }
}
