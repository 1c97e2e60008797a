#!/usr/bin/env bash
# spark-submit of the cluster jar to YARN, one GPU per executor.
set -euo pipefail
MANAGER=yarn; MASTER=yarn; DEPLOY_MODE=client; MASTER_HINT="default yarn"
SUBMIT_EXTRA=(--files "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/discover-gpus.sh")
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
usage() {
  echo "Usage: submit/yarn.sh [options] -- <oodseg command>"
  echo "Submits the cluster jar to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster)"
  echo "with conf/spark/yarn.properties: 1 GPU (yarn.io/gpu) and 4 cores per executor, the discovery"
  echo "script shipped with --files. In cluster deploy mode ship the run's config too:"
  echo "  submit/yarn.sh --deploy-mode cluster --conf spark.yarn.dist.files=my-run.conf -- run --config my-run.conf"
  echo "Example: submit/yarn.sh --conf spark.executor.instances=8 -- run --config my-run.conf"
  common_usage
}
spark_submit "$@"
