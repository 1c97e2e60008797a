#!/usr/bin/env bash
# Runs any oodseg command in a local JVM with Spark in local mode (all cores), building the
# application first if needed. Examples:
#   submit/oodseg.sh --help
#   submit/oodseg.sh run --config conf/examples/smiyc.conf --run-id ra21
#   submit/oodseg.sh generate --out /tmp/bench --count 100
# Heap: OODSEG_HEAP (default 6g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_if_needed
oodseg_java "$@"
