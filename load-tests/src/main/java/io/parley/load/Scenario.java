package io.parley.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Who talks to whom. 1:1: {@code pairs} senders, each always writing to its own receiver. Groups: {@code groupCount}
 * groups of {@code groupSize} members, every member a sender to its group. Users are numbered 0 to users() - 1;
 * in groups, user {@code g * groupSize + m} is member m of group g.
 */
record Scenario(boolean groups, int pairs, int groupCount, int groupSize) {

  /** One sender and what it writes to: a user number in 1:1, a group number in groups. */
  record Route(int sender, int target) {
  }

  static Scenario of(BenchArgs args) {
    return new Scenario(args.groupMode(), args.pairs(), args.groups(), args.size());
  }

  int users() {
    return groups ? groupCount * groupSize : 2 * pairs;
  }

  int recipientsPerMessage() {
    return groups ? groupSize - 1 : 1;
  }

  int groupOf(int user) {
    return user / groupSize;
  }

  /** Senders 0 to pairs - 1 write to pairs to 2 * pairs - 1; in groups, consecutive routes go to different groups. */
  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    if (groups) {
      for (int member = 0; member < groupSize; member++) {
        for (int group = 0; group < groupCount; group++) {
          routes.add(new Route(group * groupSize + member, group));
        }
      }
    } else {
      for (int pair = 0; pair < pairs; pair++) {
        routes.add(new Route(pair, pairs + pair));
      }
    }
    return routes;
  }

  String describe() {
    return groups ? groupCount + " groups of " + groupSize + " members, every member sending to its group"
        : pairs + " pairs, each sender writing to its own receiver";
  }
}
