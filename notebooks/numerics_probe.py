#!/usr/bin/python3
"""Writes the numerics probe of a model descriptor from a Python reference forward pass.

The probe lets the product check, at model load, that the libtorch it runs gives the numbers
this reference gives (docs/numerics.md). It holds a few seeded input recipes at the model's
input size and, per recipe and output, the sum, sum of absolute values, sum of squares, min,
max and a few sampled values of the reference outputs. The Java side
(io.oodseg.infer.ProbeInputs, io.oodseg.infer.NumericsProbe) builds the same inputs bit for
bit and compares.

The reference runs on the CPU with oneDNN (mkldnn) switched off, so it uses PyTorch's plain
ATen kernels: the kernels that misbehave on some AVX-512 hosts are not involved.

Every export script calls write_probe() after saving its model; on its own:

    /usr/bin/python3 notebooks/numerics_probe.py --descriptor path/to/model.conf

rewrites the descriptor's probe block in place (the model file is read from beside it).
Needs Debian's python3-torch and python3-numpy.
"""
import argparse
import os
import re
import sys
import tempfile
import zipfile

import numpy as np
import torch

MASK64 = (1 << 64) - 1
RECIPES = [("noise", 1), ("blocks", 2), ("noise", 3)]
SAMPLES = 8
BLOCK = 16
SAMPLE_SALT = 0x5EED0000
TOLERANCE = {"cpu": 1e-3, "gpu": 2e-2}


def reproducible():
    """Re-runs the calling script with PYTHONHASHSEED=0 unless it is set so.

    TorchScript writes a scripted module's constant attributes in set order, which follows
    Python's per-process string hashing: without a fixed seed, two exports of one model differ.
    Call it first thing in an export script's main().
    """
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def save_reproducibly(module, path):
    """Saves a TorchScript module so that the same model always gives the same bytes.

    The archive is rewritten without its .debug_pkl entries (source ranges naming the absolute
    paths of the Python files that defined the model, and of any temporary folder), every entry
    stored with one fixed date. libtorch loads such a file as usual.
    """
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(path))) as folder:
        scratch = os.path.join(folder, os.path.basename(path))  # the archive's root is named after the file
        module.save(scratch)
        with zipfile.ZipFile(scratch) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zout:
            for info in zin.infolist():
                if not info.filename.endswith(".debug_pkl"):
                    zout.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                                  zin.read(info.filename))


def splitmix64(x):
    """SplitMix64 finaliser of uint64 numpy values (wrapping arithmetic, as Java's long)."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def unit(x):
    """The top 24 bits of splitmix64(x) as a float64 in [0, 1)."""
    return (splitmix64(x) >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def recipe_input(kind, seed, height, width):
    """One probe image [3, H, W] float32, as io.oodseg.infer.ProbeInputs makes it."""
    base = np.uint64((seed << 32) & MASK64)
    if kind == "noise":
        index = np.arange(3 * height * width, dtype=np.uint64)
        values = (unit(base + index) - 0.5) * 6.0
        return values.astype(np.float32).reshape(3, height, width)
    if kind == "blocks":
        by, bx = -(-height // BLOCK), -(-width // BLOCK)
        c, y, x = np.meshgrid(np.arange(3), np.arange(height), np.arange(width), indexing="ij")
        cell = (c * by + y // BLOCK) * bx + x // BLOCK
        values = (unit(base + cell.astype(np.uint64)) - 0.5) * 4.0
        return values.astype(np.float32)
    raise ValueError("unknown probe recipe kind %r" % kind)


def sample_indices(output_index, count):
    """Flat indices sampled in one image's slice of output `output_index` (count elements)."""
    keys = np.uint64(SAMPLE_SALT + output_index * 64) + np.arange(SAMPLES, dtype=np.uint64)
    return [int(v) % count for v in splitmix64(keys)]


def statistics(values, output_index):
    """The statistics the probe compares, of one image's output (any shape, float32)."""
    flat = values.reshape(-1).astype(np.float64)
    idx = sample_indices(output_index, flat.size)
    return {
        "sum": float(flat.sum()),
        "sum-abs": float(np.abs(flat).sum()),
        "sum-sq": float((flat * flat).sum()),
        "min": float(flat.min()),
        "max": float(flat.max()),
        "samples": [[i, float(values.reshape(-1)[i])] for i in idx],
    }


def reference_outputs(model_path, height, width):
    """Outputs of the recipes as one batch, on the CPU with oneDNN off (list of arrays [R, ...])."""
    model = torch.jit.load(model_path, map_location="cpu").eval()
    batch = torch.from_numpy(np.stack([recipe_input(k, s, height, width) for k, s in RECIPES]))
    with torch.no_grad(), torch.backends.mkldnn.flags(enabled=False):
        outputs = model(batch)
    return [o.detach().cpu().numpy() for o in outputs]


def probe_block(model_path, height, width):
    """The descriptor's probe block (HOCON text) for the model at `model_path`."""
    outputs = reference_outputs(model_path, height, width)
    for o in outputs:
        if not np.isfinite(o).all():
            raise SystemExit("the reference outputs of %s hold non-finite values: no probe written" % model_path)
    lines = [
        "# Numerics probe (notebooks/numerics_probe.py): seeded inputs and the outputs a reference",
        "# gave (torch %s, CPU, oneDNN off); checked at every model load (docs/numerics.md)." % torch.__version__,
        "probe {",
        '  reference = "torch %s cpu, oneDNN off"' % torch.__version__,
        "  repeats = 2",
        "  tolerance { cpu = %g, gpu = %g }" % (TOLERANCE["cpu"], TOLERANCE["gpu"]),
        "  recipes = [",
    ]
    for r, (kind, seed) in enumerate(RECIPES):
        lines.append('    { kind = "%s", seed = %d, expected = [' % (kind, seed))
        for o, out in enumerate(outputs):
            s = statistics(out[r], o)
            samples = ", ".join("[%d, %r]" % (i, v) for i, v in s["samples"])
            lines.append("        { sum = %r, sum-abs = %r, sum-sq = %r, min = %r, max = %r, samples = [%s] }"
                         % (s["sum"], s["sum-abs"], s["sum-sq"], s["min"], s["max"], samples))
        lines.append("    ] }")
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


PROBE = re.compile(r"(# Numerics probe .*\n)?(#.*\n)?probe \{.*\n\}\n?", re.S)


def write_probe(descriptor_path, model_path=None):
    """Adds (or replaces) the probe block of a descriptor, computed from its model file."""
    text = open(descriptor_path).read()
    height = int(re.search(r"\bheight\s*=\s*(\d+)", text).group(1))
    width = int(re.search(r"\bwidth\s*=\s*(\d+)", text).group(1))
    if model_path is None:
        name = re.search(r'^file\s*=\s*"([^"]+)"', text, re.M).group(1)
        model_path = os.path.join(os.path.dirname(os.path.abspath(descriptor_path)), name)
    block = probe_block(model_path, height, width)
    text = PROBE.sub("", text).rstrip("\n") + "\n" + block
    with open(descriptor_path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descriptor", required=True, help="the model descriptor (.conf) to complete")
    parser.add_argument("--model", help="the TorchScript file (default: the descriptor's file, beside it)")
    args = parser.parse_args()
    write_probe(args.descriptor, args.model)
    print("wrote the probe of", args.descriptor)


if __name__ == "__main__":
    main()
