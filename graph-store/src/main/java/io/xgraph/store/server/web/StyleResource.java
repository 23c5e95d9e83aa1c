package io.xgraph.store.server.web;

import io.xgraph.store.server.EmbeddedServer;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/** Serves the GraSS style sheet at {@code /xgraph/style.grass} for Browser's {@code :style}. */
@Path("/")
public class StyleResource {

  /** The style sheet, as text. */
  @GET
  @Path("style.grass")
  @Produces("text/plain; charset=utf-8")
  public Response style() {
    return Response.ok(EmbeddedServer.styleSheet())
        .header("Access-Control-Allow-Origin", "*")
        .build();
  }
}
