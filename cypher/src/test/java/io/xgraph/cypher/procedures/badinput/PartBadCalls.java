package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;
import static io.xgraph.cypher.procedures.badinput.BadInputServer.NO_MODEL_NOPE;

import java.nio.file.Path;
import java.util.Map;

/**
 * Bad calls of the part procedures ({@code xg.part.learn}, {@code xg.part.localize}, {@code
 * xg.part.list}): wrong types, an unknown model or part, misspelt and unknown keys, values outside
 * their choices, counts of 10^9, an empty part name or annotation list, each with its exact
 * message.
 */
final class PartBadCalls {

  private PartBadCalls() {}

  /** Adds the Cypher call -> exact message cases to {@code c}; images lie in {@code imageRoot}. */
  static void addTo(Map<String, String> c, Path imageRoot) {
    String m = "'" + MODEL + "'";
    String oneShot = "[{image: 'bird.jpg', x: 100, y: 100}]";
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', 'bird.jpg')",
        "Type mismatch: expected List<Map>, List<Node> or List<Relationship> but was String (line 1, column 41 (offset: 40))");
    c.put(
        "CALL xg.part.learn(42, 'head', " + oneShot + ")",
        "Type mismatch: expected String but was Integer (line 1, column 20 (offset: 19))");
    c.put("CALL xg.part.learn('nope', 'head', " + oneShot + ")", NO_MODEL_NOPE);
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {unanotated: 0})",
        "Unknown configuration key `unanotated` (in the configuration of xg.part.learn). Did you mean `unannotated`? Known keys: [agreementRadiusPx, closenessScalePx, coordinates, kernelSigmaPx, kneeCut, maxPatterns, minAnnotations, minPatterns, mirrored, replace, unannotated, unannotatedImages].");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {unannotated: 1000000000})",
        "Value for `unannotated` was `1000000000`, but must be within the range [0, 1000] (in the configuration of xg.part.learn).");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {unannotated: -1})",
        "Value for `unannotated` was `-1`, but must be within the range [0, 1000] (in the configuration of xg.part.learn).");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {minAnnotations: 1000000000})",
        "Value for `minAnnotations` was `1000000000`, but must be within the range [1, 1000] (in the configuration of xg.part.learn).");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {maxPatterns: 1000000000})",
        "Value for `maxPatterns` was `1000000000`, but must be within the range [1, 1000] (in the configuration of xg.part.learn).");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {coordinates: 'pixels'})",
        "Value for `coordinates` was `pixels`, but must be one of [crop, image] (in the configuration of xg.part.learn)");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', [{image: 'bird.jpg', x: 'left', y: 100}])",
        "Annotation 1 of 1 has x `left`; give a finite number (pixels)");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', [])",
        "xg.part.learn got 0 annotations for part `head`, but needs at least 1 (`minAnnotations` (in the configuration of xg.part.learn)); annotate more images, e.g. [{image: '<Image id or path>', x: 120, y: 80}]");
    c.put(
        "CALL xg.part.learn("
            + m
            + ", 'head', "
            + oneShot
            + ", {unannotated: 5,"
            + " unannotatedImages: ['1']})",
        "Both `unannotated` and `unannotatedImages` were given (in the configuration of"
            + " xg.part.learn); give the number of training images to use, or the list of Image"
            + " ids, not both");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {unannotatedImages: 42})",
        "Value for `unannotatedImages` was `42`, but must be a list of at most 10000 Image ids"
            + " (strings) (in the configuration of xg.part.learn), e.g. ['12', '57']");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', " + oneShot + ", {unannotatedImages: ['nope']})",
        "Unannotated image: `nope` is neither the id of a stored Image node nor an image file under"
            + " `server.xgraph.image_root` ("
            + imageRoot
            + "); give a stored Image's id or a path relative to that folder");
    c.put(
        "CALL xg.part.learn(" + m + ", '', " + oneShot + ")",
        "Argument `part` is empty; give the part a name, e.g. 'head'");
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', 'bird.jpg')",
        "Part `head` of model `"
            + MODEL
            + "` does not exist; stored parts: none. Learn it with xg.part.learn (parts are deleted when the model is re-written).");
    c.put("CALL xg.part.localize('nope', 'head', 'bird.jpg')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', 42)",
        "Type mismatch: expected String but was Integer (line 1, column 44 (offset: 43))");
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', 'bird.jpg', {respones: 'cnn'})",
        "Unknown configuration key `respones` (in the configuration of xg.part.localize). Did you mean `responses`? Known keys: [box, mirrored, responses].");
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', 'bird.jpg', {responses: 'gpu'})",
        "Value for `responses` was `gpu`, but must be one of [auto, cnn, stored] (in the configuration of xg.part.localize)");
    c.put("CALL xg.part.list('nope')", NO_MODEL_NOPE);
    c.put(
        "CALL xg.part.list(" + m + ", {limit: 5})",
        "Unknown configuration key `limit` (in the configuration of xg.part.list). Known keys: [].");
    c.put(
        "CALL xg.part.list(42)",
        "Type mismatch: expected String but was Integer (line 1, column 19 (offset: 18))");
  }
}
