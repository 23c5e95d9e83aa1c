package io.xgraph.store.server.web;

import io.xgraph.store.server.ServedSites;
import io.xgraph.store.server.StoredPictures;
import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;

/**
 * Serves the store's pictures, keyed like the patches ({@link PatchResource}): {@code
 * /xgraph/heatmap?image=ID[&graph=G]&key=K}, where an image's patterns fire in each layer, and
 * {@code /xgraph/sheet?layer=L[&part=P][&graph=G][&patterns=N][&top=T]&key=K}, a layer's patch
 * sheet captioned with part labels. Bad parameters get 400 or 404 with the reason as text.
 */
@Path("/")
public class PictureResource {

  @GET
  @Path("heatmap")
  public Response heatmap(
      @Context HttpServletRequest request,
      @QueryParam("image") String image,
      @QueryParam("graph") String graph,
      @QueryParam("key") String key) {
    return picture(
        request, key, site -> StoredPictures.heatmap(site.db(), site.imageRoot(), graph, image));
  }

  @GET
  @Path("sheet")
  public Response sheet(
      @Context HttpServletRequest request,
      @QueryParam("layer") String layer,
      @QueryParam("part") String part,
      @QueryParam("graph") String graph,
      @QueryParam("patterns") String patterns,
      @QueryParam("top") String top,
      @QueryParam("key") String key) {
    int n;
    int t;
    try {
      n = patterns == null ? StoredPictures.SHEET_PATTERNS : Integer.parseInt(patterns.trim());
      t = top == null ? StoredPictures.SHEET_TOP : Integer.parseInt(top.trim());
    } catch (NumberFormatException e) {
      return Responses.text(
          400, "Parameters `patterns` and `top` must be integers; were " + patterns + ", " + top);
    }
    return picture(
        request,
        key,
        site ->
            StoredPictures.sheet(site.db(), site.imageRoot(), graph, layer, part, n, t).image());
  }

  private static Response picture(
      HttpServletRequest request, String key, Function<ServedSites.Site, BufferedImage> draw) {
    Optional<ServedSites.Site> site = ServedSites.onPort(request.getLocalPort());
    if (site.isEmpty() || !site.get().acceptsPatchKey(key)) {
      return Responses.text(
          403, "Pictures need the key of this server's guide (:play its guide URL).");
    }
    try {
      byte[] png = StoredPictures.png(draw.apply(site.get()));
      return Responses.png(png);
    } catch (IllegalArgumentException e) {
      return Responses.text(404, e.getMessage());
    }
  }
}
