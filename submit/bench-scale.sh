#!/usr/bin/env bash
# Cost per megapixel of label of the stages after the forward pass, on one CPU core (one libtorch
# thread, no Spark), at three label sizes (0.13, 0.92 and 2.1 MP; model input 512x256 in all):
# decode, forward pass, clustering, confidence maps at label size, scoring, counting, in ms per
# image and per megapixel, what each image keeps for the passes after inference (bytes per valid
# pixel per method) and a SHA-256 of every result table (the same digest = bit-identical tables).
# Usage: submit/bench-scale.sh [WxH,WxH,...] [images per size] [output-folder] [rounds]
# (defaults 512x256,1280x720,2048x1024, 6, runs/bench-scale, 2; the first round warms up).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
java -Xmx${OODSEG_HEAP:-4g} -XX:G1HeapRegionSize=8m $SPARK_JAVA_OPTS $DJL_JAVA_OPTS \
  -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.ScaleBench "${1:-512x256,1280x720,2048x1024}" "${2:-6}" "${3:-runs/bench-scale}" "${4:-2}"
