"""The bundled sentence-transformers model exported to ONNX, once, into a cache folder.

ONNX Runtime embeds without torch, but the model ships as safetensors weights, so the first run
that embeds exports it here (torch, onnx and ONNX Runtime's transformer optimiser: about ten
seconds) and every later process only loads the file. The export also records how torch embeds
a few probe sentences, so a loader can tell a damaged or stale file from a good one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Bump when the recipe below changes, so files exported by an older recipe are not reused.
RECIPE = 1

VARIANTS = ("fp32", "int8")

# Short and long, plain and numeric: enough to catch a broken graph, cheap to run on every load.
PROBES = (
    "The committee agreed to close the library on Tuesdays.",
    "Item 7: Revenue budget monitoring 2025/26, forecast overspend of £4.2m (Appendix 3).",
    "Members noted the report. " * 20,
)


def cache_dir() -> Path:
    """Where exported models live: $XDG_CACHE_HOME/boardpapers, else ~/.cache/boardpapers."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "boardpapers"


@dataclass(frozen=True)
class Exported:
    """One cached export: the .onnx graph and the .json beside it holding the torch probes."""

    onnx: Path
    meta: Path

    @property
    def lock(self) -> Path:
        """File lock held while exporting, so concurrent processes export once."""
        return self.onnx.with_suffix(".lock")

    def probes(self) -> np.ndarray:
        """torch's unit vectors for PROBES, as recorded at export (OSError/ValueError if bad)."""
        meta = json.loads(self.meta.read_text())
        vectors = np.asarray(meta["probes"], dtype=np.float32)
        if vectors.shape[0] != len(PROBES):
            raise ValueError(f"{self.meta.name} holds {vectors.shape[0]} probes")
        return vectors


def cached(model_path: Path, variant: str, label: str, folder: Path | None = None) -> Exported:
    """The cache entry for this model folder and variant, named after label (may not exist yet)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown ONNX variant {variant!r}; one of {', '.join(VARIANTS)}")
    import onnxruntime

    weights = model_path / "model.safetensors"
    stat = weights.stat() if weights.exists() else None
    # Keyed by where the weights are and their size and time (hashing 90 MB would cost every
    # cold start ~0.1 s), and by the ONNX Runtime version whose optimiser fused the graph.
    key = json.dumps(
        [
            str(model_path.resolve()),
            stat and stat.st_size,
            stat and stat.st_mtime_ns,
            variant,
            RECIPE,
            onnxruntime.__version__,
        ]
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    stem = f"{label}-{variant}-{digest}"
    folder = folder or cache_dir()
    return Exported(folder / f"{stem}.onnx", folder / f"{stem}.json")


def export(model_path: Path, variant: str, target: Exported) -> None:
    """Export the model folder to target with torch, fuse it for CPU, optionally quantise it."""
    try:
        import torch
        from onnxruntime.transformers import optimizer
        from transformers import AutoConfig, AutoModel
        from transformers.utils import logging as hf_logging
    except ImportError as err:
        raise RuntimeError(
            f"exporting the embedding model to ONNX needs torch, transformers and onnx ({err}); "
            "install torch==2.13.0 first, then `pip install -e .`"
        ) from err

    target.onnx.parent.mkdir(parents=True, exist_ok=True)
    hf_logging.disable_progress_bar()  # a weight-loading bar in the middle of a command is noise
    config = AutoConfig.from_pretrained(model_path)
    # Eager attention traces to the MatMul/Softmax pattern the optimiser fuses into one
    # Attention op; SDPA traces to a pattern it leaves unfused (half the speed, measured).
    model = AutoModel.from_pretrained(model_path, attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory(dir=target.onnx.parent) as work:
        raw, fused = Path(work) / "raw.onnx", Path(work) / "fused.onnx"
        sample = torch.ones(2, 16, dtype=torch.long)
        with warnings.catch_warnings(), torch.no_grad():
            # The TorchScript exporter warns about tracing and its own deprecation; the graph
            # is checked against torch on the probes below, which is what matters.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHidden(model),
                (sample, sample),
                str(raw),
                dynamo=False,
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                opset_version=17,
            )
        optimised = optimizer.optimize_model(
            str(raw),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
            opt_level=1,
        )
        optimised.save_model_to_file(str(fused))
        if variant == "int8":
            quantised = Path(work) / "int8.onnx"
            _quantise(fused, quantised)
            fused = quantised
        probes = _torch_probes(model_path)
        meta = Path(work) / "meta.json"
        meta.write_text(
            json.dumps({"recipe": RECIPE, "variant": variant, "probes": probes.tolist()})
        )
        # Same folder, so each rename is atomic: a reader never sees half a file.
        os.replace(fused, target.onnx)
        os.replace(meta, target.meta)


def _quantise(source: Path, dest: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The quantiser logs advice and per-tensor notes on the root logger; they are not the
    # user's concern, so they are held back while it runs.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        # Per-channel int8 weights keep the vectors at cosine ~0.99 to fp32; per-tensor scales
        # fell to ~0.96 (measured on 400 real chunks).
        quantize_dynamic(
            str(source),
            str(dest),
            weight_type=QuantType.QInt8,
            per_channel=True,
            # The fused ops (Attention, SkipLayerNormalization) are outside onnx's shape
            # inference, so the quantiser is told their outputs are float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        root.setLevel(level)


def _torch_probes(model_path: Path) -> np.ndarray:
    from index.embedder import TorchMiniLMEmbedder

    return TorchMiniLMEmbedder(model_path).embed(list(PROBES))
