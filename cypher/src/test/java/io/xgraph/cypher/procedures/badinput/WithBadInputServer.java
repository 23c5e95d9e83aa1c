package io.xgraph.cypher.procedures.badinput;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the bad-input test classes: before each class runs, {@link #server} is the run's one
 * {@link BadInputServer}, started by the first class that asks for it.
 */
@ExtendWith(BadInputServer.Shared.class)
abstract class WithBadInputServer {

  static BadInputServer server;

  @BeforeAll
  static void connect(BadInputServer shared) {
    server = shared;
  }
}
