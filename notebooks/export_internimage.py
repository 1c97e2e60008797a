#!/usr/bin/env python3
"""Export InternImage + UperNet (official InternImage repository) to TorchScript for oodseg.

The model code is imported from the user's checkout of https://github.com/OpenGVLab/InternImage
(nothing of it is copied here): the segmentation backbone
``segmentation/mmseg_custom/models/backbones/intern_image.py`` with its pure-PyTorch DCNv3 core
(``core_op='DCNv3_pytorch'``, no compiled op). mmcv, mmseg and timm are not needed: the few
helpers the backbone imports from them are provided by small stand-ins below. The UperNet head is
written here, with mmsegmentation's ``UPerHead`` module names, so the ``decode_head.*`` weights of
an official checkpoint load into it (the auxiliary FCN head is training-only and skipped).

The exported module returns, per docs/design.md §3, the four backbone feature maps
``[N,C_i,H/s_i,W/s_i]`` (strides 4, 8, 16, 32) and the raw UperNet logits ``[N,K,H/4,W/4]``.

Tracing pitfall: a plain ``torch.jit.trace`` bakes the trace-time feature-map size into the DCNv3
core (its ``spatial_norm`` is built from ``H_in, W_in`` as a constant) and returns wrong numbers at
other sizes without any error. The core function is therefore compiled with ``torch.jit.script``
(from the checkout's source with type annotations added at export time) and the rest is traced; the export then compares the
traced module with the eager one at the export size and at a second size, and stops if they
differ by more than ``--tolerance``.

Usage (random weights when no checkpoint is given):
  /usr/bin/python3 notebooks/export_internimage.py --repo ~/src/InternImage \\
      --config configs/cityscapes/upernet_internimage_t_512x1024_160k_cityscapes.py \\
      --checkpoint upernet_internimage_t_512x1024_160k_cityscapes.pth --out models/internimage-t

Writes ``<out>/<name>.pt`` and the descriptor ``<out>/<name>.conf`` (with the file's SHA-256 and
the numerics probe of notebooks/numerics_probe.py). Exports are reproducible: the same
checkout, config and checkpoint give the same bytes (fixed hash seed, no debug paths).
Needs PyTorch (1.13 or newer) and numpy only.
"""
import argparse
import ast
import copy
import hashlib
import importlib.util
import json
import os
import runpy
import sys
import tempfile
import time
import types
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F

import numerics_probe  # beside this script

CITYSCAPES = ["road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
              "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train",
              "motorcycle", "bicycle"]


# ---------------------------------------------------------------------------------------------
# Stand-ins for the mmcv / mmseg / timm names the backbone module imports.
# ---------------------------------------------------------------------------------------------
class _Registry:
    def register_module(self, *args, **kwargs):
        return lambda cls: cls


class _DropPath(nn.Module):
    """Stochastic depth (identity at inference, which is all an export needs)."""

    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if self.drop_prob == 0.0 or not self.training:
            return x
        keep = 1 - self.drop_prob
        mask = x.new_empty((x.shape[0],) + (1,) * (x.ndim - 1)).bernoulli_(keep)
        return x * mask / keep


def _constant_init(module, val, bias=0):
    if getattr(module, "weight", None) is not None:
        nn.init.constant_(module.weight, val)
    if getattr(module, "bias", None) is not None:
        nn.init.constant_(module.bias, bias)


def _trunc_normal_init(module, mean=0.0, std=1.0, a=-2.0, b=2.0, bias=0.0):
    if getattr(module, "weight", None) is not None:
        nn.init.trunc_normal_(module.weight, mean, std, a, b)
    if getattr(module, "bias", None) is not None:
        nn.init.constant_(module.bias, bias)


class _Logger:
    def info(self, *args, **kwargs):
        pass

    warning = info


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


def install_stand_ins():
    """Registers the stand-ins under the names the backbone imports, unless the real ones exist."""
    def missing(name):
        try:
            return importlib.util.find_spec(name) is None
        except (ImportError, ValueError):
            return True

    if missing("mmcv"):
        _module("mmcv")
        _module("mmcv.cnn", constant_init=_constant_init, trunc_normal_init=_trunc_normal_init)
        _module("mmcv.runner", _load_checkpoint=lambda *a, **k: torch.load(a[0], map_location="cpu"))
    if missing("mmseg"):
        _module("mmseg")
        _module("mmseg.models")
        _module("mmseg.models.builder", BACKBONES=_Registry())
        _module("mmseg.utils", get_root_logger=lambda *a, **k: _Logger())
    if missing("timm"):
        _module("timm")
        _module("timm.models")
        _module("timm.models.layers", DropPath=_DropPath, trunc_normal_=nn.init.trunc_normal_)
    if missing("DCNv3"):
        _module("DCNv3")  # the compiled op; never called with core_op='DCNv3_pytorch'


# ---------------------------------------------------------------------------------------------
# The official backbone, with its DCNv3 core scripted so that traced graphs keep dynamic sizes.
# ---------------------------------------------------------------------------------------------
def load_backbone_module(repo):
    seg = os.path.join(repo, "segmentation")
    path = os.path.join(seg, "mmseg_custom", "models", "backbones", "intern_image.py")
    if not os.path.isfile(path):
        sys.exit(f"error: {path} not found; --repo must be a checkout of OpenGVLab/InternImage")
    sys.path.insert(0, seg)
    install_stand_ins()
    import ops_dcnv3.modules as dcn_package
    import ops_dcnv3.modules.dcnv3 as dcn_modules

    class DCNv3PyTorch(dcn_modules.DCNv3_pytorch):
        """The checkout's DCNv3_pytorch, taking the DCNv4 switch the backbone passes to every core."""

        def __init__(self, *args, use_dcn_v4_op=False, **kwargs):
            if use_dcn_v4_op:
                sys.exit("error: this config uses DCNv4, which has no pure-PyTorch core")
            super().__init__(*args, **kwargs)

    dcn_package.DCNv3_pytorch = DCNv3PyTorch  # the backbone looks the core up by name here

    core = typed_core(os.path.join(seg, "ops_dcnv3", "functions", "dcnv3_func.py"))
    dcn_modules.dcnv3_core_pytorch = torch.jit.script(core.dcnv3_core_pytorch)  # the name DCNv3_pytorch.forward calls

    spec = importlib.util.spec_from_file_location("internimage_backbone", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# TorchScript reads argument types from the source, so the checkout's DCNv3 core functions are
# compiled from a copy of their source made at export time, with type annotations added.
CORE_TYPES = {
    "_get_reference_points": {"spatial_shapes": "List[int]", "device": "torch.device"},
    "_generate_dilation_grids": {"spatial_shapes": "List[int]", "device": "torch.device"},
    "dcnv3_core_pytorch": {"input": "torch.Tensor", "offset": "torch.Tensor", "mask": "torch.Tensor",
                           "offset_scale": "float"},
}


def typed_core(path):
    """The DCNv3 core functions of the checkout, annotated for torch.jit.script (others: int)."""
    with open(path) as f:
        tree = ast.parse(f.read())
    functions = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in CORE_TYPES:
            for arg in node.args.args:
                arg.annotation = ast.parse(CORE_TYPES[node.name].get(arg.arg, "int"), mode="eval").body
            node.returns = ast.parse("torch.Tensor", mode="eval").body
            functions.append(node)
    if len(functions) != len(CORE_TYPES):
        sys.exit(f"error: {path} lacks one of {sorted(CORE_TYPES)}; is this an InternImage checkout?")
    header = "from typing import List\nimport torch\nimport torch.nn.functional as F\n\n\n"
    source = header + "\n\n\n".join(ast.unparse(fn) for fn in functions) + "\n"
    folder = tempfile.mkdtemp(prefix="dcnv3-typed-")
    target = os.path.join(folder, "dcnv3_core_typed.py")
    with open(target, "w") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("dcnv3_core_typed", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# UperNet head (PPM + FPN) with mmsegmentation's UPerHead module names.
# ---------------------------------------------------------------------------------------------
class ConvModule(nn.Module):
    """Conv (no bias) + BatchNorm + ReLU, named conv / bn as mmcv's ConvModule."""

    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class UPerHead(nn.Module):
    def __init__(self, in_channels, channels, num_classes, pool_scales=(1, 2, 3, 6)):
        super().__init__()
        self.psp_modules = nn.ModuleList(
            nn.Sequential(nn.AdaptiveAvgPool2d(s), ConvModule(in_channels[-1], channels, 1)) for s in pool_scales)
        self.bottleneck = ConvModule(in_channels[-1] + len(pool_scales) * channels, channels, 3)
        self.lateral_convs = nn.ModuleList(ConvModule(c, channels, 1) for c in in_channels[:-1])
        self.fpn_convs = nn.ModuleList(ConvModule(channels, channels, 3) for _ in in_channels[:-1])
        self.fpn_bottleneck = ConvModule(len(in_channels) * channels, channels, 3)
        self.conv_seg = nn.Conv2d(channels, num_classes, 1)

    @staticmethod
    def _up(x, like):
        return F.interpolate(x, size=like.shape[2:], mode="bilinear", align_corners=False)

    def forward(self, feats: List[torch.Tensor]):
        top = feats[-1]
        pooled = [top] + [self._up(p(top), top) for p in self.psp_modules]
        laterals = [conv(feats[i]) for i, conv in enumerate(self.lateral_convs)]
        laterals.append(self.bottleneck(torch.cat(pooled, 1)))
        for i in range(len(laterals) - 1, 0, -1):
            laterals[i - 1] = laterals[i - 1] + self._up(laterals[i], laterals[i - 1])
        outs = [conv(laterals[i]) for i, conv in enumerate(self.fpn_convs)] + [laterals[-1]]
        outs = [outs[0]] + [self._up(o, outs[0]) for o in outs[1:]]
        return self.conv_seg(self.fpn_bottleneck(torch.cat(outs, 1)))


class Exported(nn.Module):
    """Outputs of docs/design.md §3: the backbone feature levels, then the raw logits."""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.decode_head = head

    def forward(self, x):
        feats = self.backbone(x)
        return tuple(feats) + (self.decode_head(feats),)


# ---------------------------------------------------------------------------------------------
# Config (mmcv-style python files with _base_ inheritance), checkpoint, export, descriptor.
# ---------------------------------------------------------------------------------------------
def merge(base, child):
    out = copy.deepcopy(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and not value.get("_delete_"):
            out[key] = merge(out[key], value)
        else:
            out[key] = {k: v for k, v in value.items() if k != "_delete_"} if isinstance(value, dict) else value
    return out


def read_config(path):
    values = runpy.run_path(path)
    merged = {}
    bases = values.get("_base_", [])
    for base in [bases] if isinstance(bases, str) else bases:
        merged = merge(merged, read_config(os.path.join(os.path.dirname(path), base)))
    own = {k: v for k, v in values.items()
           if not k.startswith("__") and k != "_base_" and not isinstance(v, types.ModuleType)}
    return merge(merged, own)


def input_pipeline(cfg):
    """The descriptor's input.pipeline lines for the config's test pipeline (docs/design.md section 3):
    the model's test_cfg (mode 'whole' or 'slide', crop_size, stride) and the img_scale and
    keep_ratio of the Resize in test_pipeline (inside MultiScaleFlipAug in mmseg 0.x)."""
    test_cfg = cfg["model"].get("test_cfg") or {}
    scale, keep_ratio = None, False
    for step in cfg.get("test_pipeline", []):
        inner = step.get("transforms", []) if step.get("type") == "MultiScaleFlipAug" else [step]
        scale = step.get("img_scale", scale)
        for t in inner:
            if t.get("type") == "Resize":
                keep_ratio = t.get("keep_ratio", keep_ratio)
                scale = t.get("img_scale", t.get("scale", scale))
    if isinstance(scale, list):  # several scales = multi-scale testing; the first is the single-scale one
        scale = scale[0]
    lines = []
    if test_cfg.get("mode") == "slide":
        crop, stride = test_cfg["crop_size"], test_cfg["stride"]
        lines += ['pipeline = "slide"', f"slide {{ crop = [{crop[0]}, {crop[1]}], stride = [{stride[0]}, {stride[1]}] }}"]
    elif keep_ratio:
        lines += ['pipeline = "keep-ratio"', "size-divisor = 32"]
    else:
        lines += ['pipeline = "resize"']
    if scale and (keep_ratio or test_cfg.get("mode") == "slide"):
        # mmseg's img_scale is (width, height)
        lines.append(f"target = [{scale[1]}, {scale[0]}]")
    return lines


def build(args):
    module = load_backbone_module(args.repo)
    config_path = os.path.join(args.repo, "segmentation", args.config)
    cfg = read_config(config_path)
    bb = {k: v for k, v in cfg["model"]["backbone"].items() if k not in ("type", "init_cfg", "pretrained")}
    bb["core_op"] = "DCNv3_pytorch"
    bb["with_cp"] = False
    head_cfg = cfg["model"]["decode_head"]
    state = None
    if args.checkpoint:
        ckpt = torch.load(args.checkpoint, map_location="cpu")
        state = ckpt.get("state_dict", ckpt)
    num_classes = args.num_classes or (state["decode_head.conv_seg.weight"].shape[0] if state else head_cfg["num_classes"])
    torch.manual_seed(args.seed)
    backbone = module.InternImage(**bb)
    head = UPerHead(head_cfg["in_channels"], head_cfg["channels"], num_classes, tuple(head_cfg.get("pool_scales", (1, 2, 3, 6))))
    model = Exported(backbone, head)
    if state is not None:
        wanted = {k: v for k, v in state.items() if k.startswith(("backbone.", "decode_head."))}
        missing, unexpected = model.load_state_dict(wanted, strict=False)
        missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if missing or unexpected:
            sys.exit(f"error: checkpoint {args.checkpoint} does not fit {args.config}: missing {missing[:8]}, "
                     f"unexpected {unexpected[:8]}")
    norm = cfg.get("img_norm_cfg", {"mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375], "to_rgb": True})
    crop = cfg.get("crop_size", (512, 1024))
    return model.eval(), bb, head_cfg, num_classes, norm, crop, input_pipeline(cfg)


def max_relative_error(a, b):
    return max(float((x - y).abs().max() / y.abs().max().clamp_min(1e-12)) for x, y in zip(a, b))


def hocon_list(values):
    return "[" + ", ".join(json.dumps(v) if isinstance(v, str) else repr(v) for v in values) + "]"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repo", required=True, help="checkout of OpenGVLab/InternImage")
    p.add_argument("--config", default="configs/cityscapes/upernet_internimage_t_512x1024_160k_cityscapes.py",
                   help="model config, relative to <repo>/segmentation")
    p.add_argument("--checkpoint", help="mmseg checkpoint (.pth); random weights when absent")
    p.add_argument("--num-classes", type=int, help="classes of the head (default: checkpoint, else config)")
    p.add_argument("--classes", help="file with one class name per line (default: Cityscapes names for 19)")
    p.add_argument("--height", type=int, help="input height (default: the config's crop size)")
    p.add_argument("--width", type=int, help="input width (default: the config's crop size)")
    p.add_argument("--check-size", default="384x768", help="second input size HxW checked against eager")
    p.add_argument("--tolerance", type=float, default=1e-4, help="largest relative error traced vs eager")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--name", default="internimage-t-upernet")
    p.add_argument("--pipeline", choices=("config", "resize"), default="config",
                   help="input.pipeline of the descriptor: the config's own test pipeline (keep-ratio or slide, "
                        "as mmseg evaluates it) or a fixed resize to --height x --width")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    numerics_probe.reproducible()

    model, bb, head_cfg, num_classes, norm, crop, pipeline = build(args)
    if args.pipeline == "resize":
        pipeline = ['pipeline = "resize"']
    print("input pipeline:", "; ".join(pipeline))
    height, width = args.height or crop[0], args.width or crop[1]
    params = sum(t.numel() for t in model.parameters())
    print(f"InternImage ({bb['channels']} channels, depths {bb['depths']}, groups {bb['groups']}, core "
          f"{bb['core_op']}) + UperNet ({head_cfg['channels']} channels, {num_classes} classes): "
          f"{params / 1e6:.1f} M parameters, {'checkpoint ' + args.checkpoint if args.checkpoint else 'random weights'}")

    example = torch.randn(1, 3, height, width)
    with torch.no_grad():
        start = time.time()
        traced = torch.jit.trace(model, example, check_trace=False)
        print(f"traced at {height}x{width} in {time.time() - start:.1f} s")
        ch, cw = (int(v) for v in args.check_size.lower().split("x"))
        shapes = None
        for h, w in ((height, width), (ch, cw)):
            x = torch.randn(1, 3, h, w, generator=torch.Generator().manual_seed(h * w))
            start = time.time()
            eager = model(x)
            eager_s = time.time() - start
            got = traced(x)
            err = max_relative_error(got, eager)
            print(f"check {h}x{w}: outputs {[tuple(t.shape) for t in got]}, max relative error traced vs eager "
                  f"{err:.2e}, eager forward {eager_s:.2f} s")
            if err > args.tolerance:
                sys.exit(f"error: traced model differs from the eager one at {h}x{w} by {err:.2e} "
                         f"(> {args.tolerance}); the export is not usable")
            shapes = shapes or [tuple(t.shape) for t in got]

    os.makedirs(args.out, exist_ok=True)
    pt = os.path.join(args.out, args.name + ".pt")
    numerics_probe.save_reproducibly(traced, pt)
    with open(pt, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    if args.classes:
        with open(args.classes) as f:
            names = [line.strip() for line in f if line.strip()]
    else:
        names = CITYSCAPES if num_classes == 19 else [f"class_{i}" for i in range(num_classes)]
    if len(names) != num_classes:
        sys.exit(f"error: {args.classes} names {len(names)} classes, the head has {num_classes}")
    outputs = []
    for i, shape in enumerate(shapes[:-1]):
        stride = height // shape[2]
        outputs.append(f'  {{ name = "features_s{stride}", kind = "features", channels = {shape[1]}, stride = {stride} }}')
    outputs.append(f'  {{ name = "logits", kind = "logits", channels = {num_classes}, stride = {height // shapes[-1][2]} }}')
    rgb = norm.get("to_rgb", True)
    descriptor = f"""# InternImage + UperNet exported by notebooks/export_internimage.py
# config {args.config}; {'checkpoint ' + os.path.basename(args.checkpoint) if args.checkpoint else 'random weights (seed ' + str(args.seed) + ')'}
name = "{args.name}"
file = "{args.name}.pt"
sha256 = "{sha}"
input {{
  height = {height}
  width = {width}
{chr(10).join('  ' + line for line in pipeline)}
  channel-order = "{'RGB' if rgb else 'BGR'}"
  scale = 255.0
  mean = {hocon_list([round(m / 255.0, 6) for m in norm['mean']])}
  std = {hocon_list([round(s / 255.0, 6) for s in norm['std']])}
}}
classes = {hocon_list(names)}
outputs = [
{chr(10).join(outputs)}
]
"""
    conf = os.path.join(args.out, args.name + ".conf")
    with open(conf, "w") as f:
        f.write(descriptor)
    numerics_probe.write_probe(conf)
    print(f"wrote {pt} ({os.path.getsize(pt) / 1e6:.1f} MB, SHA-256 {sha}) and {conf}")


if __name__ == "__main__":
    main()
