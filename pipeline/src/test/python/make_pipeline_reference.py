#!/usr/bin/python3
"""Writes the reference of the input pipelines run end to end (infer.Preprocessor,
infer.BatchLayout, wiring.ModelOutputs): an image built from an integer formula, normalised as the
embedded demo model's descriptor says, laid out as mmsegmentation's test pipelines lay it out, run
through the demo model (pipeline/src/main/resources/demo-model/demo-segnet.pt), and the image's
outputs cut to its scaled size:

- keep-ratio: the normalised image padded bottom and right with 0 to a multiple of 32 (mmseg 1.x
  SegDataPreProcessor / stack_batch); logits resized bilinearly (align_corners=False) to the padded
  input and cut to the image (mmseg's postprocess_result); feature levels cut to the cells that
  cover the image, ceil(size / stride);
- slide: windows of mmseg's EncoderDecoder.slide_inference over the image (padded to one crop where
  it is smaller), logits of each window resized to the window and averaged where they overlap,
  feature levels averaged at their own resolution, then cut as keep-ratio.

For each case: per-channel sums and seeded samples of every output, and the max-logit confidence
map at the label's size (the image's own size; logits resized bilinearly).

    /usr/bin/python3 pipeline/src/test/python/make_pipeline_reference.py \
        --out pipeline/src/test/resources/pipeline/reference.json

Needs Debian's python3-torch (1.13) and python3-numpy; CPU, a few seconds.
"""
import argparse
import json
import os

import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_slide_reference import summary, windows  # noqa: E402  mmseg's window loop, output summaries
MODEL = os.path.join(HERE, "..", "..", "main", "resources", "demo-model", "demo-segnet.pt")
MEAN = np.array([0.409850, 0.507065, 0.442345], dtype=np.float32)
STD = np.array([0.166164, 0.157801, 0.288752], dtype=np.float32)
STRIDES = [4, 8, 4]  # features_s4, features_s8, logits (the descriptor's outputs)
LOGITS = 2

CASES = [
    # name, mode, image (h, w), target (h, w), crop (h, w), stride (h, w)
    ("keep-ratio-padded", "keep-ratio", (200, 512), (256, 512), None, None),
    ("slide-overlapping", "slide", (208, 368), (208, 368), (128, 256), (96, 160)),
    ("slide-smaller-than-crop", "slide", (100, 200), (100, 200), (128, 256), (96, 160)),
]


def image(height, width):
    """RGB uint8 [H, W, 3]: v = ((x // 16) * 37 + (y // 16) * 59 + (x % 16) * 3 + 80 c) mod 256."""
    y = np.arange(height)[:, None, None]
    x = np.arange(width)[None, :, None]
    c = np.arange(3)[None, None, :]
    return ((x // 16) * 37 + (y // 16) * 59 + (x % 16) * 3 + 80 * c) % 256


def normalised(rgb):
    """[3, H, W] float32: (v / 255 - mean) / std, each step in float32 as the Java side does."""
    v = rgb.astype(np.float32).transpose(2, 0, 1)
    return (v / np.float32(255.0) - MEAN[:, None, None]) / STD[:, None, None]


def padded(x, height, width):
    out = torch.zeros(3, height, width)
    out[:, :x.shape[1], :x.shape[2]] = x
    return out


def slide(model, x, crop, stride):
    h, w = x.shape[1], x.shape[2]
    wins = windows(h, w, crop[0], crop[1], stride[0], stride[1])
    with torch.no_grad():
        outs = model(torch.stack([x[:, y1:y2, x1:x2] for y1, y2, x1, x2 in wins]))
    stitched = []
    for o, level in enumerate(outs):
        s = 1 if o == LOGITS else STRIDES[o]
        acc = torch.zeros(level.shape[1], h // s, w // s, dtype=torch.float64)
        cnt = torch.zeros(h // s, w // s, dtype=torch.float64)
        for i, (y1, y2, x1, x2) in enumerate(wins):
            if o == LOGITS:
                part = F.interpolate(level[i:i + 1], size=(y2 - y1, x2 - x1), mode="bilinear",
                                     align_corners=False)[0]
            else:
                part = level[i]
            acc[:, y1 // s:y1 // s + part.shape[1], x1 // s:x1 // s + part.shape[2]] += part.double()
            cnt[y1 // s:y1 // s + part.shape[1], x1 // s:x1 // s + part.shape[2]] += 1
        stitched.append((acc / cnt).float())
    return stitched, wins


def cut(outs, scaled, canvas):
    if scaled == canvas:
        return outs
    out = []
    for o, t in enumerate(outs):
        if o == LOGITS:
            if t.shape[1:] != canvas:
                t = F.interpolate(t[None], size=canvas, mode="bilinear", align_corners=False)[0]
            out.append(t[:, :scaled[0], :scaled[1]])
        else:
            s = STRIDES[o]
            out.append(t[:, :-(-scaled[0] // s), :-(-scaled[1] // s)])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    model = torch.jit.load(MODEL).eval()
    gen = torch.Generator().manual_seed(9)
    cases = []
    for name, mode, (h, w), target, crop, stride in CASES:
        # every case is chosen so that mmcv's rescale factor is 1 (no resize of the image)
        factor = min(max(target) / max(h, w), min(target) / min(h, w))
        assert factor == 1.0, (name, factor)
        x = torch.from_numpy(normalised(image(h, w)))
        if mode == "keep-ratio":
            canvas = (-(-h // 32) * 32, -(-w // 32) * 32)
            with torch.no_grad():
                outs = [t[0] for t in model(padded(x, *canvas)[None])]
            wins = None
        else:
            canvas = (max(h, crop[0]), max(w, crop[1]))
            outs, wins = slide(model, padded(x, *canvas), crop, stride)
        outs = cut(outs, (h, w), canvas)
        logits = outs[LOGITS]
        if logits.shape[1:] != (h, w):
            logits = F.interpolate(logits[None], size=(h, w), mode="bilinear", align_corners=False)[0]
        max_logit = logits.max(dim=0).values
        cases.append({
            "name": name, "mode": mode, "image": [h, w], "target": list(target),
            "crop": list(crop) if crop else None, "stride": list(stride) if stride else None,
            "canvas": list(canvas), "windows": wins,
            "outputs": [summary(t, gen) for t in outs],
            "max-logit": {"sum": float(max_logit.double().sum()),
                          "samples": [[int(i), float(max_logit.reshape(-1)[i])]
                                      for i in torch.randint(0, h * w, (48,), generator=gen)]},
        })
    ref = {
        "about": "written by pipeline/src/test/python/make_pipeline_reference.py; torch "
                 + torch.__version__ + ", CPU, oneDNN off",
        "cases": cases,
    }
    with open(args.out, "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print("wrote", args.out, [(c["name"], c["canvas"], len(c["windows"] or [])) for c in cases])


if __name__ == "__main__":
    main()
