package io.xgraph.store.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/**
 * Serves {@code /xgraph/connect}, the page behind {@code xgraph serve}'s one-click Browser link:
 * its script takes the password from the link's fragment, stores it as Browser's connection (in
 * this origin's local storage, where Browser keeps it after a manual login too) and opens Browser,
 * which then connects without a login form.
 */
@Path("/")
public class ConnectResource {

  private static final String PAGE = "/io/xgraph/store/server/connect.html";

  /** The connect page; never cached, and it sends no Referer onwards. */
  @GET
  @Path("connect")
  @Produces("text/html; charset=utf-8")
  public Response connect() {
    return Response.ok(page())
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  private static String page() {
    try (InputStream in = ConnectResource.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException("Connect page resource " + PAGE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
