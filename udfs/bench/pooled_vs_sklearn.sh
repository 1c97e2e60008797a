#!/usr/bin/env bash
# Pooled exact metrics over 10^8 synthetic pixels: Spark (local[2], driver -Xmx1g) against
# scikit-learn on the same pixels. Prints both times, their ratio, the largest difference in the
# values and the driver's heap. Run from anywhere; see udfs/BENCH.md.
#   IMAGES=100 PIXELS=1000000 SEED=20261123 RANGES=16 DIR=/tmp/oodseg-bench udfs/bench/pooled_vs_sklearn.sh
# Set MVN_OFFLINE= (empty) if Maven must download the exec plugin first.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${DIR:-/tmp/oodseg-bench}
IMAGES=${IMAGES:-100}
PIXELS=${PIXELS:-1000000}
SEED=${SEED:-20261123}
RANGES=${RANGES:-16}
MVN_OFFLINE=${MVN_OFFLINE--o}

java_bench() {
  mvn -q -B $MVN_OFFLINE -pl udfs exec:exec -Dbench.heap=1g \
    -Dbench.main=io.oodseg.udfs.metrics.bench.PooledVsSklearnBench -Dbench.args="$*"
}

mvn -q -B $MVN_OFFLINE -pl udfs test-compile
if [[ ! -f "$DIR/index.txt" ]] || [[ "$(cat "$DIR/index.txt")" != "$IMAGES $((IMAGES * PIXELS)) $SEED" ]]; then
  java_bench generate "dir=$DIR" "images=$IMAGES" "pixels=$PIXELS" "seed=$SEED"
fi
java_bench compute "dir=$DIR" "out=$DIR/java.json" "ranges=$RANGES" "master=local[2]"
/usr/bin/python3 udfs/bench/sklearn_side.py "$DIR" "$DIR/java.json"
