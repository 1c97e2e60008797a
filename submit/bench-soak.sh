#!/usr/bin/env bash
# Memory soak: the demo benchmark evaluated ROUNDS times (default 10) of N images (default 100)
# in one Spark session, then once with ROUNDS x N images; prints heap after GC, RSS and their
# peaks per round, the least-squares slope per 100 images, and the retained driver heap of the
# large run against a small one. Usage: submit/bench-soak.sh [ROUNDS] [N] [output-folder] [WxH]
# (WxH: size of the generated scenes, default 512x256).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_if_needed
java -Xmx${OODSEG_HEAP:-4g} $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$JAR:$(cat "$CLASSPATH_FILE")" \
  io.oodseg.bench.SoakBench "${1:-10}" "${2:-100}" "${3:-runs/soak}" "${4:-512x256}"
