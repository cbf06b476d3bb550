package io.parley.load;

/** This process's own resident memory and live heap (after a full GC), to tell what a connection costs a client. */
record ClientCost(long rssKb, long heapKb) {

  static ClientCost sample() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return new ClientCost(ProcStatus.rssKb(ProcessHandle.current().pid()),
        (runtime.totalMemory() - runtime.freeMemory()) / 1024);
  }
}
