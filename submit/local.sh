#!/usr/bin/env bash
# spark-submit of the cluster jar in local mode: the check to run before going to a cluster.
set -euo pipefail
MANAGER=local; MASTER="local[*]"; DEPLOY_MODE=client; MASTER_HINT="default local[*]"; SUBMIT_EXTRA=()
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
usage() {
  echo "Usage: submit/local.sh [options] -- <oodseg command>"
  echo "Runs the cluster jar with spark-submit in local mode, with conf/spark/local.properties and the"
  echo "libtorch CPU natives (Spark 3.5 schedules no GPUs in local mode: every task runs on the CPU)."
  echo "Example: submit/local.sh -- demo"
  common_usage
}
case " $* " in *" -- "*|*" -h "*|*" --help "*) ;; *) set -- "$@" -- demo ;; esac
spark_submit --cpu "$@"
