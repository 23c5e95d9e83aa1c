package io.xgraph.store.server.web;

import io.xgraph.store.server.BrowserGuide;
import io.xgraph.store.server.ServedSites;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

/**
 * Serves {@code /xgraph/guide}, the Browser guide of the served store ({@code :play} of this URL).
 * It carries the patch key, so it is never cached; the server's guard has refused every foreign
 * origin before this runs, so only Browser served here can read it.
 */
@Path("/")
public class GuideResource {

  @GET
  @Path("guide")
  @Produces("text/html; charset=utf-8")
  public Response guide(@Context HttpServletRequest request, @HeaderParam("Origin") String origin) {
    return ServedSites.onPort(request.getLocalPort())
        .map(
            site -> {
              Response.ResponseBuilder ok =
                  Response.ok(BrowserGuide.html(site)).header("Cache-Control", "no-store");
              if (origin != null) {
                // Browser opened as localhost reads the guide from 127.0.0.1 (see StyleResource).
                ok.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
              }
              return ok.build();
            })
        .orElseGet(() -> Response.status(404).entity("No store is served on this port").build());
  }
}
