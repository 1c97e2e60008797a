#!/usr/bin/env bash
# Clustering on upsampled features: upsampling and K-Means time and peak memory for InternImage-T's
# feature shapes (2048x1024 input) per grid stride, and the demo model end to end per grid.
# Usage: submit/bench-feature-grid.sh [demo-images] [output-folder] [strides...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
java -Xmx${OODSEG_HEAP:-6g} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.FeatureGridBench "${1:-8}" "${2:-runs/bench-feature-grid}" "${@:3}"
