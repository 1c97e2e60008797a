"""Writes a tiny TorchScript segmentation model that emits NaN or Inf for chosen images.

The model follows the product's model contract (two feature levels at strides 4 and 8, raw
logits of 3 classes at stride 4, input 64x128) with seeded random weights. Its outputs are
finite for ordinary scenes; for a nearly white image (mean of the normalised input above
NAN_ABOVE) its logits are NaN, for a nearly black one (mean below INF_BELOW) its deepest
feature map is +Inf. Tests use it to show that such an image becomes an error row and the
others are unaffected.

    /usr/bin/python3 pipeline/src/test/python/make_nonfinite_model.py \
        --out pipeline/src/test/resources/nonfinite-model
"""
import argparse
import hashlib
import os

import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "notebooks"))
import numerics_probe  # noqa: E402

NAN_ABOVE = 1.5
INF_BELOW = -1.5
HEIGHT, WIDTH = 64, 128
MEAN, STD = 0.5, 0.25


class NonFiniteNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.s4 = nn.Conv2d(3, 8, kernel_size=4, stride=4)
        self.s8 = nn.Conv2d(8, 16, kernel_size=2, stride=2)
        self.head = nn.Conv2d(8, 3, kernel_size=1)

    def forward(self, x):
        f4 = torch.relu(self.s4(x))
        f8 = torch.relu(self.s8(f4))
        logits = self.head(f4)
        mean = x.mean(dim=(1, 2, 3)).view(-1, 1, 1, 1)
        logits = torch.where(mean > NAN_ABOVE, torch.full_like(logits, float("nan")), logits)
        f8 = torch.where(mean < INF_BELOW, torch.full_like(f8, float("inf")), f8)
        return f4, f8, logits


def descriptor(header, name, sha):
    """The descriptor of a tiny test model of this contract (64x128 input, 3 classes)."""
    return header + f"""name = "{name}"
file = "{name}.pt"
sha256 = "{sha}"
input {{
  height = {HEIGHT}
  width = {WIDTH}
  pipeline = "resize"
  channel-order = "RGB"
  scale = 255.0
  mean = [{MEAN}, {MEAN}, {MEAN}]
  std = [{STD}, {STD}, {STD}]
}}
classes = ["road", "vegetation", "sky"]
outputs = [
  {{ name = "features_s4", kind = "features", channels = 8, stride = 4 }}
  {{ name = "features_s8", kind = "features", channels = 16, stride = 8 }}
  {{ name = "logits", kind = "logits", channels = 3, stride = 4 }}
]
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    numerics_probe.reproducible()
    torch.manual_seed(11)
    model = NonFiniteNet().eval()
    traced = torch.jit.trace(model, torch.zeros(1, 3, HEIGHT, WIDTH))
    white = torch.full((1, 3, HEIGHT, WIDTH), (1.0 - MEAN) / STD)
    black = torch.full((1, 3, HEIGHT, WIDTH), (0.0 - MEAN) / STD)
    assert torch.isnan(traced(white)[2]).all() and torch.isfinite(traced(white)[1]).all()
    assert torch.isinf(traced(black)[1]).all() and torch.isfinite(traced(black)[2]).all()
    scene = torch.randn(2, 3, HEIGHT, WIDTH) * 0.5
    assert all(torch.isfinite(o).all() for o in traced(scene))
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "nonfinite-net.pt")
    numerics_probe.save_reproducibly(traced, path)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    header = """# Test model written by pipeline/src/test/python/make_nonfinite_model.py: NaN logits for a
# nearly white image, +Inf deepest features for a nearly black one, finite otherwise.
"""
    with open(os.path.join(args.out, "nonfinite-net.conf"), "w") as f:
        f.write(descriptor(header, "nonfinite-net", sha))
    numerics_probe.write_probe(os.path.join(args.out, "nonfinite-net.conf"))
    print("wrote", path, sha)


if __name__ == "__main__":
    main()
