#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this node as Spark's resource JSON,
#   {"name":"gpu","addresses":["0","1"]}
# from `nvidia-smi` (CUDA device indices, which the job turns into DJL devices). Set it as
# spark.executor.resource.gpu.discoveryScript (YARN, Kubernetes) or, for a standalone worker,
# spark.worker.resource.gpu.discoveryScript. Exits 1 with a message when nvidia-smi is missing.
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "discover-gpus.sh: nvidia-smi not found on $(hostname); no GPU can be reported" >&2
  exit 1
fi
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | awk 'NF' | paste -sd, - | sed 's/,/","/g')
echo "{\"name\":\"gpu\",\"addresses\":[${addresses:+\"$addresses\"}]}"
