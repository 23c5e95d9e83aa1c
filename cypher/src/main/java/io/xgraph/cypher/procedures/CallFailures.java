package io.xgraph.cypher.procedures;

import java.util.function.Supplier;
import org.neo4j.kernel.api.exceptions.Status;

/**
 * Refused arguments reach the caller as their own one-line message: Neo4j passes the message of an
 * exception that carries a status through as is, while any other exception is shown nested, as
 * "Failed to invoke procedure `xg...`: Caused by: java.lang.IllegalArgumentException: ...".
 */
final class CallFailures {

  private CallFailures() {}

  /** Runs a procedure body; an IllegalArgumentException becomes a client error of its message. */
  static <T> T refusingCleanly(Supplier<T> body) {
    try {
      return body.get();
    } catch (RefusedArgument e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new RefusedArgument(e);
    }
  }

  /** A refused argument: Neo.ClientError.Statement.ArgumentError with the original message. */
  static final class RefusedArgument extends IllegalArgumentException implements Status.HasStatus {
    private static final long serialVersionUID = 1L;

    RefusedArgument(IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public Status status() {
      return Status.Statement.ArgumentError;
    }
  }
}
