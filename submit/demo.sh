#!/usr/bin/env bash
# Runs the embedded demo end to end: builds the application if needed, generates the synthetic
# road benchmark, evaluates the embedded model with Spark in local mode and prints the pooled
# metrics. Extra arguments go to `oodseg demo` (try --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
build_if_needed
oodseg_java demo "$@"
