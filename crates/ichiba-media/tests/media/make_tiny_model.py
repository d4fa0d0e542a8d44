#!/usr/bin/env python3
"""Write tiny_classifier.onnx: a 16 KB stand-in with the real model's contract
(input "input" f32 [1,3,224,224] -> output "probs" f32 [1,1000], softmax in the graph):
GlobalAveragePool -> Gemm(3 -> 1000) -> Softmax. It knows nothing; it exists so that error
handling (empty / non-image / truncated inputs, truncated model) is tested through
Classifier::classify without downloading the 18 MB model — from Rust and from the bindings.
Committed; regenerate with: PYTHONPATH=crates/ichiba-media/models/build/pydeps python3 make_tiny_model.py"""
import os
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper

i = np.arange(1000, dtype=np.float64)[:, None]
c = np.arange(3, dtype=np.float64)[None, :]
w = (np.sin(i * 0.37 + c * 1.3) * 2.0).astype(np.float32)  # class i prefers some colour
b = np.zeros(1000, np.float32)
nodes = [helper.make_node("GlobalAveragePool", ["input"], ["pooled"]),
         helper.make_node("Flatten", ["pooled"], ["features"], axis=1),
         helper.make_node("Gemm", ["features", "w", "b"], ["logits"], transB=1),
         helper.make_node("Softmax", ["logits"], ["probs"], axis=1)]
g = helper.make_graph(nodes, "tiny_classifier",
                      [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])],
                      [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 1000])],
                      [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="ichiba make_tiny_model.py")
m.ir_version = 8
onnx.checker.check_model(m, full_check=True)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny_classifier.onnx")
open(out, "wb").write(m.SerializeToString(deterministic=True))
print("wrote", out, os.path.getsize(out), "bytes")
