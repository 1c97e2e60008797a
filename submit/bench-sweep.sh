#!/usr/bin/env bash
# A sweep against a single-configuration run on the demo benchmark, in one run: by default
# conf/sweeps/demo-k-tau.conf (10 K values x 20 thresholds x 2 score modes = 400 configurations)
# on 40 generated scenes; prints both wall times and their ratio.
# Usage: submit/bench-sweep.sh [sweep-config] [images] [output-folder]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
cd "$ROOT"
java -Xmx${OODSEG_HEAP:-8g} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.SweepBench "${1:-conf/sweeps/demo-k-tau.conf}" "${2:-40}" "${3:-runs/bench-sweep}"
