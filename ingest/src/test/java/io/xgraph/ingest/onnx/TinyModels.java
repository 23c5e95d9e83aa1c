package io.xgraph.ingest.onnx;

import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/** Builds small ONNX models in tests with the protobuf classes (no files from elsewhere). */
final class TinyModels {

  private TinyModels() {}

  static ValueInfoProto tensor(String name, int elemType, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  /** A tensor type whose dimensions are numbers (fixed) or strings (symbolic, "" = unknown). */
  static ValueInfoProto symbolic(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Number n) {
        b.setDimValue(n.longValue());
      } else if (!d.toString().isEmpty()) {
        b.setDimParam(d.toString());
      }
      shape.addDim(b);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  /** An int64 initializer holding {@code values} (e.g. the pads input of Pad). */
  static TensorProto int64s(String name, long... values) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  static TensorProto weights(String name, int out, int in, int kh, int kw) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(1).addDims(out).addDims(in);
    t.addDims(kh).addDims(kw);
    for (int i = 0; i < out * in * kh * kw; i++) {
      t.addFloatData(0.01f * (i % 7));
    }
    return t.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(value))
        .build();
  }

  static NodeProto node(
      String op, List<String> inputs, String output, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_node");
    n.addAllInput(inputs).addOutput(output);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    return n.build();
  }

  static byte[] model(
      ValueInfoProto input,
      List<TensorProto> initializers,
      List<NodeProto> nodes,
      ValueInfoProto output) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("tiny")
            .addInput(input)
            .addAllInitializer(initializers)
            .addAllNode(nodes)
            .addOutput(output)
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }
}
