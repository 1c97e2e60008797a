#!/usr/bin/env bash
# Clustering engines compared: per-image clustering time of the device and mllib engines on the
# demo benchmark for K in {4, 8, 16}, their ratio and pooled AP, in one run.
# Usage: submit/bench-clustering.sh [images] [mllib-concurrency] [output-folder]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
java -Xmx${OODSEG_HEAP:-8g} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.ClusteringBench "${1:-40}" "${2:-4}" "${3:-runs/bench-clustering}"
