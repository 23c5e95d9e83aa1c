package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static io.xgraph.cypher.procedures.badinput.BadInputServer.NO_MODEL_NOPE;

import java.nio.file.Path;
import java.util.Map;

/**
 * Bad calls of the inference procedures ({@code xg.image.infer}, {@code xg.image.inferAndStore}):
 * wrong types, bad boxes and layers, unknown keys, paths outside the image root, a missing, empty
 * or 20000x20000 image (refused by the real decoder on its header, before any pixel is allocated),
 * each with its exact message.
 */
final class ImageBadCalls {

  private ImageBadCalls() {}

  /** Adds the Cypher call -> exact message cases to {@code c}; images lie in {@code imageRoot}. */
  static void addTo(Map<String, String> c, Path imageRoot) {
    String root = imageRoot + "/";
    c.put("CALL xg.image.infer('nope', 'bird.jpg')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 42)",
        "Type mismatch: expected String but was Integer (line 1, column 34 (offset: 33))");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {box: 'all'})",
        "Value for `box` was `all`, but must be a list of 4 numbers ([x, y, w, h] of the object, original-image pixels) (in the configuration of xg.image.infer).");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {box: [0, 0, -5, 10]})",
        "Value for `box` was `[0, 0, -5, 10]`, but element 2 must be a finite number >= 0 ([x, y, w, h] of the object, original-image pixels) (in the configuration of xg.image.infer).");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {box: [0, 0, 1.0e9, 1.0e9]})",
        "Box [x=0.0, y=0.0, w=1.0E9, h=1.0E9] of image `"
            + root
            + "bird.jpg` lies outside the 500x335 image; fix the box (x y w h, pixels from the top-left): its line in bounding_boxes.txt, or the `box` of the procedure call");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {layer: 7})",
        "Value for `layer` was `7`, but must be one of the layer names [fire7/concat_1, fire8/concat_1, fire9/concat_1] or an index in [0, 2] (in the configuration of xg.image.infer).");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {onlyfired: true})",
        "Unknown configuration key `onlyfired` (in the configuration of xg.image.infer). Did you mean `onlyFired`? Known keys: [box, layer, limit, mirrored, onlyFired, wholeImage].");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'huge.png', {wholeImage: true})",
        "Cannot decode image `"
            + root
            + "huge.png`: its header declares 20000x20000 pixels, more than the limit of 64 megapixels (refused before decoding); downscale it, e.g. to 4000 pixels on the long side");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'empty.jpg', {wholeImage: true})",
        "Cannot decode image `"
            + root
            + "empty.jpg`: the file is empty (0 bytes); copy it again from its source");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg')",
        "Image `bird.jpg` is not a stored Image (by id or path), so its object box is unknown (in"
            + " the configuration of xg.image.infer); give {box: [x, y, w, h]} (original-image"
            + " pixels) or {wholeImage: true}.");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'bird.jpg', {limit: 0})",
        "Value for `limit` was `0`, but must be within the range [1, 100000] (in the configuration"
            + " of xg.image.infer).");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', 'gone.jpg', {wholeImage: true})",
        "Image `gone.jpg` is neither a stored Image (by id or path) nor a file under"
            + " `server.xgraph.image_root` ("
            + root.substring(0, root.length() - 1)
            + "); give a stored Image's id or a path relative to that folder.");
    c.put(
        "CALL xg.image.infer('" + MODEL + "', '../images/../../secret.jpg')",
        "The image path `../images/../../secret.jpg` leads outside the folder of `server.xgraph.image_root`; only files under that folder may be read (no `..`, no absolute paths elsewhere, no symbolic links out of it)");
    c.put("CALL xg.image.inferAndStore('nope', 'bird.jpg')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 42)",
        "Type mismatch: expected String but was Integer (line 1, column 42 (offset: 41))");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {box: 'all'})",
        "Value for `box` was `all`, but must be a list of 4 numbers ([x, y, w, h] of the object, original-image pixels) (in the configuration of xg.image.inferAndStore).");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {box: [0, 0, -5, 10]})",
        "Value for `box` was `[0, 0, -5, 10]`, but element 2 must be a finite number >= 0 ([x, y, w, h] of the object, original-image pixels) (in the configuration of xg.image.inferAndStore).");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {box: [0, 0, 1.0e9, 1.0e9]})",
        "Box [x=0.0, y=0.0, w=1.0E9, h=1.0E9] of image `"
            + root
            + "bird.jpg` lies outside the 500x335 image; fix the box (x y w h, pixels from the top-left): its line in bounding_boxes.txt, or the `box` of the procedure call");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {layer: 7})",
        "Value for `layer` was `7`, but must be one of the layer names [fire7/concat_1, fire8/concat_1, fire9/concat_1] or an index in [0, 2] (in the configuration of xg.image.inferAndStore).");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {onlyfired: true})",
        "Unknown configuration key `onlyfired` (in the configuration of xg.image.inferAndStore). Did you mean `onlyFired`? Known keys: [box, imageId, layer, limit, mirrored, onlyFired, wholeImage].");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'huge.png', {wholeImage: true})",
        "Cannot decode image `"
            + root
            + "huge.png`: its header declares 20000x20000 pixels, more than the limit of 64 megapixels (refused before decoding); downscale it, e.g. to 4000 pixels on the long side");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'empty.jpg', {wholeImage: true})",
        "Cannot decode image `"
            + root
            + "empty.jpg`: the file is empty (0 bytes); copy it again from its source");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', '../images/../../secret.jpg')",
        "The image path `../images/../../secret.jpg` leads outside the folder of `server.xgraph.image_root`; only files under that folder may be read (no `..`, no absolute paths elsewhere, no symbolic links out of it)");
    c.put(
        "CALL xg.image.inferAndStore('" + MODEL + "', 'bird.jpg', {imageId: ''})",
        "Value for `imageId` is empty (in the configuration of xg.image.inferAndStore).");
  }
}
