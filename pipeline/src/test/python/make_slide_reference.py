#!/usr/bin/python3
"""Writes the reference of sliding-window inference (infer.InputPipeline, infer.SlideStitcher):

1. the windows of mmsegmentation's EncoderDecoder.slide_inference (mmseg 0.x, transcribed below)
   for several input and crop sizes;
2. the embedded demo model (pipeline/src/main/resources/demo-model/demo-segnet.pt) run on the
   windows of one deterministic input, its outputs stitched as slide_inference does: each
   window's logits resized (bilinear, align_corners=False) to the crop and summed into the
   input-sized canvas, divided by the count of windows covering each pixel; feature levels
   (which mmseg does not stitch) summed the same way at their own resolution, each window at
   (y1 / stride, x1 / stride), and divided by their count.

    /usr/bin/python3 pipeline/src/test/python/make_slide_reference.py \
        --out pipeline/src/test/resources/slide/reference.json

Needs Debian's python3-torch (1.13) and python3-numpy; CPU, a few seconds.
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "main", "resources", "demo-model", "demo-segnet.pt")


def windows(h_img, w_img, h_crop, w_crop, h_stride, w_stride):
    """mmseg/models/segmentors/encoder_decoder.py, EncoderDecoder.slide_inference (0.x)."""
    h_grids = max(h_img - h_crop + h_stride - 1, 0) // h_stride + 1
    w_grids = max(w_img - w_crop + w_stride - 1, 0) // w_stride + 1
    out = []
    for h_idx in range(h_grids):
        for w_idx in range(w_grids):
            y1 = h_idx * h_stride
            x1 = w_idx * w_stride
            y2 = min(y1 + h_crop, h_img)
            x2 = min(x1 + w_crop, w_img)
            y1 = max(y2 - h_crop, 0)
            x1 = max(x2 - w_crop, 0)
            out.append([y1, y2, x1, x2])
    return out


def pattern(height, width):
    """The deterministic input both sides build: x[c, y, x] = sin(0.05 (c+1) x) + cos(0.07 y) + 0.1 c."""
    c = np.arange(3, dtype=np.float64)[:, None, None]
    y = np.arange(height, dtype=np.float64)[None, :, None]
    x = np.arange(width, dtype=np.float64)[None, None, :]
    return (np.sin(0.05 * (c + 1) * x) + np.cos(0.07 * y) + 0.1 * c).astype(np.float32)


def summary(t, gen):
    """Per-channel sums and 64 values at seeded flat positions of a [C, H, W] map."""
    flat = t.reshape(-1)
    idx = torch.randint(0, flat.numel(), (64,), generator=gen)
    return {
        "shape": list(t.shape),
        "channel-sums": [float(v) for v in t.double().sum(dim=(1, 2))],
        "samples": [[int(i), float(flat[i])] for i in idx],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    cases = []
    for h, w, ch, cw, sh, sw in [(1024, 2048, 512, 1024, 341, 682), (208, 368, 128, 256, 96, 160),
                                 (512, 512, 512, 512, 341, 341), (100, 700, 128, 256, 85, 170),
                                 (600, 800, 512, 512, 300, 300)]:
        cases.append({"input": [h, w], "crop": [ch, cw], "stride": [sh, sw],
                      "windows": windows(h, w, ch, cw, sh, sw)})

    h, w, crop, stride = 208, 368, (128, 256), (96, 160)
    model = torch.jit.load(MODEL).eval()
    x = torch.from_numpy(pattern(h, w))
    wins = windows(h, w, crop[0], crop[1], stride[0], stride[1])
    with torch.no_grad():
        outs = model(torch.stack([x[:, y1:y2, x1:x2] for y1, y2, x1, x2 in wins]))
    logits = outs[-1]
    preds = torch.zeros(logits.shape[1], h, w, dtype=torch.float64)
    count = torch.zeros(h, w, dtype=torch.float64)
    for i, (y1, y2, x1, x2) in enumerate(wins):
        up = F.interpolate(logits[i:i + 1], size=(y2 - y1, x2 - x1), mode="bilinear", align_corners=False)[0]
        preds[:, y1:y2, x1:x2] += up.double()
        count[y1:y2, x1:x2] += 1
    stitched = [None] * len(outs)
    stitched[-1] = (preds / count).float()
    for o, level in enumerate(outs[:-1]):
        s = crop[0] // level.shape[2]
        acc = torch.zeros(level.shape[1], h // s, w // s, dtype=torch.float64)
        cnt = torch.zeros(h // s, w // s, dtype=torch.float64)
        for i, (y1, y2, x1, x2) in enumerate(wins):
            acc[:, y1 // s:y1 // s + level.shape[2], x1 // s:x1 // s + level.shape[3]] += level[i].double()
            cnt[y1 // s:y1 // s + level.shape[2], x1 // s:x1 // s + level.shape[3]] += 1
        stitched[o] = (acc / cnt).float()
    gen = torch.Generator().manual_seed(5)
    ref = {
        "about": "written by pipeline/src/test/python/make_slide_reference.py; torch " + torch.__version__
                 + ", CPU, oneDNN off",
        "window-cases": cases,
        "model-case": {"input": [h, w], "crop": list(crop), "stride": list(stride), "windows": wins,
                       "outputs": [summary(t, gen) for t in stitched]},
    }
    with open(args.out, "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print("wrote", args.out, "windows of the model case:", wins)


if __name__ == "__main__":
    main()
