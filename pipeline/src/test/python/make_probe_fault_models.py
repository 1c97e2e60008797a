"""Writes two tiny TorchScript models whose n-th forward pass goes wrong, for the numerics probe's tests.

Both follow the product's model contract (features at strides 4 and 8, raw logits of 3 classes
at stride 4, input 64x128, seeded weights) and count their calls in a buffer. On call
FAULT_CALL (the probe's second repeat: the product's load check is call 1, the probe's
repeats are calls 2 and 3):

- nan-on-call-3: the logits are NaN;
- drift-on-call-3: the logits are 0.1 % larger (finite, but not what the first repeat gave).

Each descriptor carries the probe written by notebooks/numerics_probe.py (the reference makes
one call, so it sees the correct outputs).

    /usr/bin/python3 pipeline/src/test/python/make_probe_fault_models.py \
        --out pipeline/src/test/resources/probe-fault-models
"""
import argparse
import hashlib
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "notebooks"))
import numerics_probe  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_nonfinite_model  # noqa: E402  (the same tiny model contract)

FAULT_CALL = 3
HEIGHT, WIDTH = 64, 128


class CountingNet(nn.Module):
    def __init__(self, fault):
        super().__init__()
        self.s4 = nn.Conv2d(3, 8, kernel_size=4, stride=4)
        self.s8 = nn.Conv2d(8, 16, kernel_size=2, stride=2)
        self.head = nn.Conv2d(8, 3, kernel_size=1)
        self.register_buffer("calls", torch.zeros(1))
        self.register_buffer("fault_call", torch.full((1,), float(FAULT_CALL)))
        self.nan = fault == "nan"

    def forward(self, x):
        self.calls.add_(1.0)
        f4 = torch.relu(self.s4(x))
        f8 = torch.relu(self.s8(f4))
        logits = self.head(f4)
        hit = (self.calls == self.fault_call).view(1, 1, 1, 1)
        if self.nan:
            logits = torch.where(hit, torch.full_like(logits, float("nan")), logits)
        else:
            logits = torch.where(hit, logits * 1.001, logits)
        return f4, f8, logits


def write(out, fault):
    torch.manual_seed(13)
    name = "%s-on-call-%d" % (fault, FAULT_CALL)
    model = torch.jit.script(CountingNet(fault).eval())
    path = os.path.join(out, name + ".pt")
    numerics_probe.save_reproducibly(model, path)
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    conf = os.path.join(out, name + ".conf")
    header = f"""# Test model written by pipeline/src/test/python/make_probe_fault_models.py: its forward pass
# number {FAULT_CALL} gives {"NaN" if fault == "nan" else "0.1 % larger"} logits.
"""
    with open(conf, "w") as f:
        f.write(make_nonfinite_model.descriptor(header, name, sha))
    numerics_probe.write_probe(conf)
    check = torch.jit.load(path)
    x = torch.zeros(1, 3, HEIGHT, WIDTH)
    outs = [check(x)[2] for _ in range(FAULT_CALL)]
    assert torch.isfinite(outs[0]).all() and torch.equal(outs[0], outs[1])
    assert (torch.isnan(outs[2]).all() if fault == "nan" else not torch.equal(outs[2], outs[0]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    numerics_probe.reproducible()
    os.makedirs(args.out, exist_ok=True)
    for fault in ("nan", "drift"):
        write(args.out, fault)


if __name__ == "__main__":
    main()
