#!/usr/bin/env python3
"""Writes Lloyd's K-Means iterations as one TorchScript module for oodseg's cluster.LloydScript.

The module runs, inside libtorch, the very operations that the device engine ran one DJL call at
a time before (docs/clustering.md): the same ATen operators on the same shapes, views and dtypes,
in the same order, so that the assignments and the iteration count are bit for bit those of the
step-by-step loop (LloydScriptTest checks it against that loop). Per iteration:

    one_hot = (assignments[:, None] == arange(k)[None, :]).float()            # [N, k]
    counts  = one_hot.sum(0)[:, None]                                           # [k, 1]
    moved   = (one_hot^T @ rows) / max(counts, 1) + centers * (counts == 0)     # [k, D]
    shift   = max over centres of |moved - centers|^2
    assignments = argmin_j (|x|^2 - 2 x.c_j + |c_j|^2)

and it stops after ``max_iter`` iterations or once ``shift <= threshold``. An emptied cluster keeps
its centre.

Inputs: rows ``[N, D]`` float32, the k-means++ seeds ``[k, D]`` float32 (chosen in the JVM), the
threshold as a float64 scalar and ``max_iter`` as an int64 scalar. Outputs: the assignments
``[N]`` int64, the number of iterations run (int64 scalar) and the centres ``[k, D]`` the last
assignments were made to.

    /usr/bin/python3 notebooks/export_lloyd.py \
        --out pipeline/src/main/resources/io/oodseg/cluster/lloyd.pt

Needs Debian's python3-torch (1.13); a TorchScript file of torch 1.13 loads in the newer libtorch
that DJL runs.
"""
import argparse
from typing import Tuple

import torch


def assign(rows: torch.Tensor, squared_norms: torch.Tensor, centers: torch.Tensor) -> torch.Tensor:
    center_norms = centers.square().sum([1]).unsqueeze(0)
    distances = squared_norms.sub(rows.matmul(centers.permute([1, 0])).mul(2)).add(center_norms)
    return distances.argmin(1)


class Lloyd(torch.nn.Module):
    def forward(self, rows: torch.Tensor, centers: torch.Tensor, threshold: torch.Tensor,
                max_iter: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        limit = float(threshold.item())
        most = int(max_iter.item())
        squared_norms = rows.square().sum([1], keepdim=True)
        cluster_ids = torch.arange(0, centers.shape[0], 1, dtype=torch.int64,
                                   device=rows.device).unsqueeze(0)
        one = torch.ones([], dtype=torch.float32, device=rows.device)
        assignments = assign(rows, squared_norms, centers)
        iterations = 0
        while iterations < most:
            iterations += 1
            one_hot = assignments.unsqueeze(1).eq(cluster_ids).to(torch.float32)
            counts = one_hot.sum([0]).unsqueeze(1)
            sums = one_hot.permute([1, 0]).matmul(rows)
            empty = counts.eq(0).to(torch.float32)
            moved = sums.div(counts.maximum(one)).add(centers.mul(empty))
            shift = float(moved.sub(centers).square().sum([1]).max().item())
            assignments = assign(rows, squared_norms, moved)
            centers = moved
            if shift <= limit:
                break
        return assignments, torch.tensor(iterations, dtype=torch.int64), centers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="the TorchScript file to write")
    args = parser.parse_args()
    torch.jit.save(torch.jit.script(Lloyd()), args.out)


if __name__ == "__main__":
    main()
