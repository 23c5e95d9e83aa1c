package io.xgraph.store.server.web;

import io.xgraph.store.server.PatternPatches;
import io.xgraph.store.server.ServedSites;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

/**
 * Serves {@code /xgraph/patch?pattern=KEY&rank=R&key=K}: the PNG patch of a pattern's top image,
 * for the guide and any page of Browser. The patch key stands in for the password, which an {@code
 * <img>} cannot send; a wrong or missing key gets 403.
 */
@Path("/")
public class PatchResource {

  @GET
  @Path("patch")
  public Response patch(
      @Context HttpServletRequest request,
      @QueryParam("pattern") String pattern,
      @QueryParam("rank") String rank,
      @QueryParam("key") String key) {
    Optional<ServedSites.Site> site = ServedSites.onPort(request.getLocalPort());
    if (site.isEmpty() || !site.get().acceptsPatchKey(key)) {
      return Responses.text(
          403, "Image patches need the key of this server's guide (:play its guide URL).");
    }
    long r;
    try {
      r = rank == null ? 0 : Long.parseLong(rank);
    } catch (NumberFormatException e) {
      return Responses.text(
          400, "Parameter `rank` was `" + rank + "`, but must be an integer (0 = strongest).");
    }
    try {
      byte[] png = PatternPatches.png(site.get().db(), site.get().imageRoot(), pattern, r);
      return Responses.png(png);
    } catch (IllegalArgumentException e) {
      return Responses.text(404, e.getMessage());
    }
  }
}
