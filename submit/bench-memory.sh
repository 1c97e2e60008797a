#!/usr/bin/env bash
# Memory at real label sizes: N generated scenes (default 100) of WxH pixels (default 2048x1024,
# 2.1 MP) evaluated once in local mode (SoakBench, one round: driver and executor share one JVM)
# with a heap of OODSEG_HEAP (default 4g, committed and touched from the start), printing the
# seconds, the heap after GC, the peak heap, the RSS and the peak RSS.
# Usage: submit/bench-memory.sh [N] [WxH] [output-folder] [key=value ...] (run settings)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
N=${1:-100}; SIZE=${2:-2048x1024}; OUT=${3:-runs/memory}
HEAP=${OODSEG_HEAP:-4g}
java -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:G1HeapRegionSize=8m -XX:NativeMemoryTracking=summary \
  ${OODSEG_JAVA_OPTS:-} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.SoakBench 1 "$N" "$OUT" "$SIZE" "${@:4}"
