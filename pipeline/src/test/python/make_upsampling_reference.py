#!/usr/bin/python3
"""Writes the reference of feature upsampling before clustering (cluster.FeatureGrid,
cluster.JointBilateral): seeded feature maps and guide images, their bilinear upsampling by
torch's F.interpolate (align_corners=False, as the pipeline) and their joint bilateral
upsampling by a plain per-pixel loop written from the definition (Kopf et al. 2007):

    out(p) = sum_q w(p, q) F(q) / sum_q w(p, q),   q within `radius` cells of p's nearest cell
    w(p, q) = exp(-|q - c_p|^2 / (2 sigma_s^2)) * exp(-|G(p) - g(q)|^2 / (2 sigma_r^2))

with c_p = (p + 0.5) * h / H - 0.5 the output pixel's position on the feature map, G the guide
resized bilinearly to the output size, g the guide area-averaged (adaptive_avg_pool2d) to the
map's size, and cells outside the map left out.

libtorch's interpolation as DJL calls it (the pipeline's infer.Resampler) antialiases when it
downsamples: it equals F.interpolate(..., antialias=True), which is plain bilinear when
upsampling. The references use that form; one case checks a downsampling.

    /usr/bin/python3 pipeline/src/test/python/make_upsampling_reference.py \
        --out pipeline/src/test/resources/upsampling/reference.json

Needs Debian's python3-torch (1.13) and python3-numpy; CPU only, a few seconds.
"""
import argparse
import json
import math

import numpy as np
import torch
import torch.nn.functional as F


def f32(values):
    return [float(np.float32(v)) for v in np.asarray(values, dtype=np.float32).reshape(-1)]


def jbu(level, guide, height, width, radius, sigma_s, sigma_r):
    d, h, w = level.shape
    fine = F.interpolate(torch.from_numpy(guide)[None], size=(height, width), mode="bilinear",
                         align_corners=False, antialias=True)[0].double().numpy()
    coarse = F.adaptive_avg_pool2d(torch.from_numpy(guide)[None], (h, w))[0].double().numpy()
    feat = level.astype(np.float64)
    out = np.zeros((d, height, width))
    for y in range(height):
        cy = (y + 0.5) * h / height - 0.5
        ny = min(h - 1, math.floor((y + 0.5) * h / height))
        for x in range(width):
            cx = (x + 0.5) * w / width - 0.5
            nx = min(w - 1, math.floor((x + 0.5) * w / width))
            num = np.zeros(d)
            den = 0.0
            for qy in range(ny - radius, ny + radius + 1):
                for qx in range(nx - radius, nx + radius + 1):
                    if not (0 <= qy < h and 0 <= qx < w):
                        continue
                    spatial = math.exp(-((qy - cy) ** 2 + (qx - cx) ** 2) / (2 * sigma_s ** 2))
                    diff = fine[:, y, x] - coarse[:, qy, qx]
                    rng = math.exp(-float(diff @ diff) / (2 * sigma_r ** 2))
                    num += spatial * rng * feat[:, qy, qx]
                    den += spatial * rng
            out[:, y, x] = num / den
    return out


def case(name, gen, d, h, w, height, width, guide_h, guide_w, radius, sigma_s, sigma_r, edge):
    level = torch.randn(d, h, w, generator=gen).numpy().astype(np.float32)
    if edge:
        # a guide with a vertical step edge and a little noise: the edge-aware result follows it
        guide = np.zeros((3, guide_h, guide_w), dtype=np.float32)
        guide[:, :, guide_w * 2 // 5:] = 0.9
        guide += 0.02 * torch.rand(3, guide_h, guide_w, generator=gen).numpy().astype(np.float32)
    else:
        guide = torch.rand(3, guide_h, guide_w, generator=gen).numpy().astype(np.float32)
    bilinear = F.interpolate(torch.from_numpy(level)[None], size=(height, width), mode="bilinear",
                             align_corners=False, antialias=True)[0].numpy()
    return {
        "name": name,
        "level": {"shape": [d, h, w], "values": f32(level)},
        "guide": {"shape": [3, guide_h, guide_w], "values": f32(guide)},
        "height": height,
        "width": width,
        "radius": radius,
        "sigma-spatial": sigma_s,
        "sigma-range": sigma_r,
        "bilinear": f32(bilinear),
        "joint-bilateral": f32(jbu(level, guide, height, width, radius, sigma_s, sigma_r)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    gen = torch.Generator().manual_seed(17)
    cases = [
        case("factor 4, guide at output size", gen, 3, 4, 6, 16, 24, 16, 24, 2, 1.0, 0.1, False),
        case("non-integer factors, larger guide", gen, 5, 5, 7, 17, 23, 20, 28, 1, 0.7, 0.25, False),
        case("step edge guide", gen, 4, 6, 8, 24, 32, 48, 64, 2, 1.0, 0.1, True),
    ]
    coarse = torch.randn(2, 12, 16, generator=gen)
    downsampling = {
        "level": {"shape": [2, 12, 16], "values": f32(coarse.numpy())},
        "height": 5,
        "width": 7,
        "antialiased": f32(F.interpolate(coarse[None], size=(5, 7), mode="bilinear", align_corners=False,
                                         antialias=True)[0].numpy()),
    }
    with open(args.out, "w") as f:
        json.dump({"about": "written by pipeline/src/test/python/make_upsampling_reference.py; torch "
                   + torch.__version__, "cases": cases, "downsampling": downsampling}, f)
        f.write("\n")
    print("wrote", args.out, [c["name"] for c in cases])


if __name__ == "__main__":
    main()
