package io.xgraph.store.server.web;

import io.xgraph.store.server.EmbeddedServer;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/** Serves the GraSS style sheet at {@code /xgraph/style.grass} for Browser's {@code :style}. */
@Path("/")
public class StyleResource {

  /**
   * The style sheet, as text. A Browser opened as {@code localhost} fetches it from {@code
   * 127.0.0.1} (the post-connect command's host), a cross-origin read: the origin is granted back,
   * since the server's guard has refused every origin but its own before this runs.
   */
  @GET
  @Path("style.grass")
  @Produces("text/plain; charset=utf-8")
  public Response style(@HeaderParam("Origin") String origin) {
    Response.ResponseBuilder ok = Response.ok(EmbeddedServer.styleSheet());
    if (origin != null) {
      ok.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }
    return ok.build();
  }
}
