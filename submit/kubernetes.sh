#!/usr/bin/env bash
# spark-submit of the cluster jar to Kubernetes (cluster deploy mode), one GPU per executor pod.
set -euo pipefail
MANAGER=kubernetes; DEPLOY_MODE=cluster; MASTER_HINT="e.g. k8s://https://api-server:6443"; SUBMIT_EXTRA=()
APP_JAR="${OODSEG_IMAGE_JAR:-local:///opt/oodseg/oodseg-cluster.jar}"
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
usage() {
  echo "Usage: submit/kubernetes.sh --master k8s://https://HOST:PORT [options] -- <oodseg command>"
  echo "Submits to Kubernetes with conf/spark/kubernetes.properties: executor pods with 1 nvidia.com/gpu"
  echo "and 4 cores; the image (spark.kubernetes.container.image) holds Spark 3.5, the cluster jar at"
  echo "\$OODSEG_IMAGE_JAR (default local:///opt/oodseg/oodseg-cluster.jar), discover-gpus.sh and a CUDA libtorch."
  echo "Benchmarks and outputs are s3a:// or hdfs:// paths; the run config is read by the driver pod."
  echo "Example: submit/kubernetes.sh --master k8s://https://k8s:6443 --conf spark.executor.instances=4 \\"
  echo "           -- run --config /opt/oodseg/conf/my-run.conf"
  common_usage
}
spark_submit "$@"
