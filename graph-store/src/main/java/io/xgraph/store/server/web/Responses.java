package io.xgraph.store.server.web;

import javax.ws.rs.core.Response;

/** The two answers of the served pictures: a PNG the browser may cache, or a one-line message. */
final class Responses {

  private Responses() {}

  /** A PNG, cached privately for five minutes (the store's figures do not change under it). */
  static Response png(byte[] png) {
    return Response.ok(png, "image/png").header("Cache-Control", "private, max-age=300").build();
  }

  /** A plain-text message with {@code status}, never cached. */
  static Response text(int status, String message) {
    return Response.status(status)
        .entity(message + "\n")
        .type("text/plain; charset=utf-8")
        .header("Cache-Control", "no-store")
        .build();
  }
}
