package io.parley.presence.local;

import io.parley.presence.PresenceStore;
import io.parley.presence.PresenceStoreContract;

import java.time.Duration;

class LocalPresenceStoreTest extends PresenceStoreContract {

  @Override
  protected PresenceStore createStore(Duration offlineAfter) {
    return new LocalPresenceStore(offlineAfter);
  }
}
