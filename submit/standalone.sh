#!/usr/bin/env bash
# spark-submit of the cluster jar to a Spark standalone master, one GPU per executor.
set -euo pipefail
MANAGER=standalone; DEPLOY_MODE=client; MASTER_HINT="e.g. spark://master-host:7077"; SUBMIT_EXTRA=()
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
usage() {
  echo "Usage: submit/standalone.sh --master spark://HOST:7077 [options] -- <oodseg command>"
  echo "Submits the cluster jar to a standalone master with conf/spark/standalone.properties: 1 GPU and"
  echo "4 cores per executor, tasks share their executor's GPU, CUDA libtorch from /opt/libtorch/lib."
  echo "Workers offer GPUs through SPARK_WORKER_OPTS (see conf/spark/standalone.properties)."
  echo "Example: submit/standalone.sh --master spark://gpu-head:7077 -- run --config my-run.conf"
  common_usage
}
spark_submit "$@"
