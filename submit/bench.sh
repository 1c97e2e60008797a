#!/usr/bin/env bash
# Throughput benchmark: bare DJL inference against the whole pipeline on the demo benchmark
# scaled to N images (default 500), in one JVM; prints images/s of both, their ratio and the
# share of pipeline time per stage. Usage: submit/bench.sh [N] [output-folder] [key=value ...]
# (settings of both pipeline runs, e.g. inference.cache-serialized=false)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_bench_if_needed
java -Xmx${OODSEG_HEAP:-12g} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")" \
  io.oodseg.bench.ThroughputBench "${1:-500}" "${2:-runs/bench}" "${@:3}"
