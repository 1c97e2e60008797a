#!/usr/bin/env bash
# Memory soak, in two parts.
# 1. SoakBench: the demo benchmark evaluated ROUNDS times (default 10) of N images (default 100)
#    in one local Spark session; after each round: heap after GC, RSS, RSS after malloc_trim, the
#    JVM's own memory (Native Memory Tracking) and what is left outside the JVM (libtorch), with
#    the least-squares slope of each per 100 images. The heap is committed and touched from the
#    start (-Xms = -Xmx, AlwaysPreTouch) so that heap growth never shows as RSS growth.
# 2. DriverMemoryBench: N and ROUNDS x N images under local-cluster (the executor in a JVM of its
#    own), the driver's peak live heap and retained heap, and their ratio.
# Usage: submit/bench-soak.sh [ROUNDS] [N] [output-folder] [WxH] (WxH: size of the generated
# scenes, default 512x256). Heap of part 1: OODSEG_HEAP (default 4g); extra JVM options of both
# parts: OODSEG_JAVA_OPTS (e.g. to compare allocator settings, set MALLOC_ARENA_MAX instead).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
ROUNDS=${1:-10}; N=${2:-100}; OUT=${3:-runs/soak}; SIZE=${4:-512x256}
CP="$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")"
HEAP=${OODSEG_HEAP:-4g}
java -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary ${OODSEG_JAVA_OPTS:-} \
  $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$CP" io.oodseg.bench.SoakBench "$ROUNDS" "$N" "$OUT" "$SIZE"

# local-cluster launches the executor from SPARK_HOME/jars; its class path is the driver's.
SPARK_SCALA_VERSION=2.12; [ "$OODSEG_SPARK_LINE" = spark4 ] && SPARK_SCALA_VERSION=2.13
SPARK_HOME="$(mktemp -d)"; mkdir "$SPARK_HOME/jars"; export SPARK_HOME SPARK_SCALA_VERSION
trap 'rm -rf "$SPARK_HOME"' EXIT
java -Xmx1g ${OODSEG_JAVA_OPTS:-} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$CP" \
  io.oodseg.bench.DriverMemoryBench "$N" "$ROUNDS" "$OUT" "$SIZE"
