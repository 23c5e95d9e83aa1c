package io.xgraph.cypher.procedures.badinput;

import static io.xgraph.cypher.procedures.badinput.BadInputServer.MODEL;

import java.util.Map;

/**
 * Null for an argument (issue 25): a numeric positional argument failed inside Neo4j with a
 * ClassCastException naming Neo4j's value classes, a null part name with a NullPointerException;
 * now every null argument, and a null inside an annotation, box or id list, is named.
 */
final class NullArgumentBadCalls {

  private NullArgumentBadCalls() {}

  /** Adds the Cypher call -> exact message cases to {@code c}. */
  static void addTo(Map<String, String> c) {
    String m = "'" + MODEL + "'";
    String noKey =
        "Argument `patternKey` was null; give a pattern key '<model>:<id>', as returned by"
            + " xg.pattern.lookup(model).";
    c.put(
        "CALL xg.pattern.topImages('" + MODEL + ":0', null)",
        "Argument `k` was null, but must be an integer within the range [1, 1000]; leave it out"
            + " for the default (10).");
    c.put(
        "CALL xg.pattern.near(" + m + ", null, 10)",
        "Argument `x` was null, but must be a number within the range [0, 224] (pixels of the"
            + " model's 224x224 input plane).");
    c.put(
        "CALL xg.pattern.near(" + m + ", 10, null)",
        "Argument `y` was null, but must be a number within the range [0, 224] (pixels of the"
            + " model's 224x224 input plane).");
    // A null (or '') model names the store's only graph since schema 3; with several graphs it is
    // refused listing them (CrossGraphProceduresTest).
    c.put("CALL xg.pattern.topImages(null)", noKey);
    c.put("CALL xg.pattern.counterparts(null, " + m + ")", noKey);
    c.put(
        "CALL xg.image.infer(" + m + ", null)",
        "The image path is empty; give a path relative to `server.xgraph.image_root`");
    c.put(
        "CALL xg.image.inferAndStore(" + m + ", null)",
        "The image path is empty; give a path relative to `server.xgraph.image_root`");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', null)",
        "Argument `annotations` was null; give a list of annotated images, e.g. [{image: '<Image"
            + " id or path>', x: 120, y: 80}]");
    c.put(
        "CALL xg.part.learn(" + m + ", null, [{image: 'bird.jpg', x: 100, y: 100}])",
        "Argument `part` was null; give the part a name, e.g. 'head'");
    c.put(
        "CALL xg.part.localize(" + m + ", null, 'bird.jpg')",
        "Argument `part` was null; give the part a name, e.g. 'head'");
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', null)",
        "Argument `image` was null; give an Image id or an image path");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', [{image: 'bird.jpg', x: null, y: 100}])",
        "Annotation 1 of 1 has x `null`; give a finite number (pixels)");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', [{image: null, x: 100, y: 100}])",
        "Annotation 1 of 1 has image `null`; give an Image id or an image path");
    c.put(
        "CALL xg.part.learn(" + m + ", 'head', [null])",
        "Annotation 1 of 1 is null; give {image, x, y}");
    c.put(
        "CALL xg.part.learn("
            + m
            + ", 'head', [{image: 'bird.jpg', x: 100, y: 100, box: [0, null, 10, 10]}])",
        "Annotation 1 of 1 has box `[0, null, 10, 10]`; give [x, y, w, h] in original-image"
            + " pixels, w and h >= 1");
    c.put(
        "CALL xg.part.learn("
            + m
            + ", 'head', [{image: 'bird.jpg', x: 100, y: 100}], {unannotatedImages: ['1',"
            + " null]})",
        "Value for `unannotatedImages` was `[1, null]`, but must be a list of at most 10000 Image"
            + " ids (strings) (in the configuration of xg.part.learn), e.g. ['12', '57']");
    c.put(
        "CALL xg.image.infer(" + m + ", 'bird.jpg', {box: [0, null, 10, 10]})",
        "Value for `box` was `[0, null, 10, 10]`, but element 1 must be a finite number >= 0 ([x,"
            + " y, w, h] of the object, original-image pixels) (in the configuration of"
            + " xg.image.infer).");
    c.put(
        "CALL xg.part.localize(" + m + ", 'head', 'bird.jpg', {box: [null, 0, 10, 10]})",
        "Value for `box` was `[null, 0, 10, 10]`, but element 0 must be a finite number >= 0 ([x,"
            + " y, w, h] of the object, original-image pixels) (in the configuration of"
            + " xg.part.localize).");
    c.put(
        "CALL xg.pattern.lookup(" + m + ", {layer: [null]})",
        "Value for `layer` was `[null]`, but must be a layer name (string) or a layer index"
            + " (integer), one of [fire7/concat_1, fire8/concat_1, fire9/concat_1] (in the"
            + " configuration of xg.pattern.lookup).");
  }
}
