# Shared part of local.sh, standalone.sh, yarn.sh and kubernetes.sh (sourced, not run): builds
# the cluster jar if needed and runs spark-submit with conf/spark/<manager>.properties.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# The cluster jar of the line (env.sh): oodseg-pipeline-<version>-<line>-cluster.jar
CLUSTER_JAR="$ROOT/pipeline/$LINE_TARGET/oodseg-pipeline-0.1.0-SNAPSHOT-$OODSEG_SPARK_LINE-cluster.jar"
NATIVE_JAR_FILE="$ROOT/pipeline/$LINE_TARGET/native-cpu-jar.txt"

common_usage() {
  cat <<USAGE
Options (before --):
  --master URL        cluster manager URL${MASTER_HINT:+ ($MASTER_HINT)}
  --deploy-mode MODE  client or cluster (default: $DEPLOY_MODE)
  --properties FILE   Spark properties (default: conf/spark/$MANAGER.properties)
  --cpu               no GPUs: drop the GPU and CUDA-libtorch settings of the properties file
                      and ship the libtorch CPU natives with --jars
  --conf KEY=VALUE    any Spark property (repeatable), e.g. --conf spark.executor.instances=8
  --dry-run           print the spark-submit command instead of running it
  -h, --help          this help
After --: the oodseg command and its options (oodseg --help), e.g.
  -- run --config my-run.conf --run-id ra21-k8
  -- demo --count 40
Needs spark-submit (\$SPARK_HOME/bin or PATH) of the Spark line's release: OODSEG_SPARK_LINE=spark3.5
(Spark 3.5, Scala 2.12, Java 17) or spark4 (Spark 4.x, Scala 2.13, Java 17 or 21); unset, the line
of \$SPARK_HOME's Spark, else spark3.5. This run: $OODSEG_SPARK_LINE, jar $CLUSTER_JAR.
USAGE
}

# spark_submit ARGS...: parses the options above, then runs spark-submit.
spark_submit() {
  local properties="$ROOT/conf/spark/$MANAGER.properties" cpu=0 dry=0
  local -a confs=() app=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --master) MASTER="$2"; shift 2 ;;
      --deploy-mode) DEPLOY_MODE="$2"; shift 2 ;;
      --properties) properties="$2"; shift 2 ;;
      --cpu) cpu=1; shift ;;
      --conf) confs+=(--conf "$2"); shift 2 ;;
      --dry-run) dry=1; shift ;;
      -h|--help) usage; return 0 ;;
      --) shift; app=("$@"); break ;;
      *) echo "$(basename "$0"): unknown option $1 (try --help)" >&2; return 2 ;;
    esac
  done
  if [ -z "${MASTER:-}" ]; then
    echo "$(basename "$0"): --master is required${MASTER_HINT:+ ($MASTER_HINT)}" >&2; return 2
  fi
  if [ ${#app[@]} -eq 0 ]; then
    echo "$(basename "$0"): no oodseg command after -- (try --help)" >&2; return 2
  fi
  if [ ! -f "$properties" ]; then
    echo "$(basename "$0"): properties file $properties does not exist" >&2; return 2
  fi
  local submit="spark-submit"
  if [ -n "${SPARK_HOME:-}" ]; then submit="$SPARK_HOME/bin/spark-submit"; fi
  if [ $dry -eq 0 ] && ! command -v "$submit" >/dev/null 2>&1; then
    echo "$(basename "$0"): spark-submit not found; set SPARK_HOME or put it on PATH" >&2; return 2
  fi
  local home_line
  home_line="$( [ -n "${SPARK_HOME:-}" ] && spark_home_line || true )"
  if [ -n "$home_line" ] && [ "$home_line" != "$OODSEG_SPARK_LINE" ]; then
    echo "$(basename "$0"): SPARK_HOME=$SPARK_HOME is Spark line $home_line, but OODSEG_SPARK_LINE=$OODSEG_SPARK_LINE: the cluster jar runs only on its own line" >&2
    return 2
  fi
  if [ $dry -eq 0 ] && { [ ! -f "$CLUSTER_JAR" ] || [ ! -f "$NATIVE_JAR_FILE" ]; }; then
    echo "building the cluster jar, line $OODSEG_SPARK_LINE (mvn package, tests skipped)..." >&2
    (cd "$ROOT" && mvn -q -B -Dstyle.color=never "${LINE_PROFILE[@]}" -DskipTests package) >&2
  fi
  local -a extra=()
  if [ $cpu -eq 1 ]; then
    local filtered
    filtered="$(mktemp "${TMPDIR:-/tmp}/oodseg-spark-XXXXXX.properties")"
    trap 'rm -f "'"$filtered"'"' EXIT
    grep -v -E '^spark\.(executor|task|driver|worker)\.resource\.gpu|PYTORCH_(LIBRARY_PATH|VERSION|FLAVOR)' \
      "$properties" > "$filtered"
    properties="$filtered"
    extra+=(--jars "$(cat "$NATIVE_JAR_FILE" 2>/dev/null || echo "$NATIVE_JAR_FILE")")
  fi
  if [ $cpu -eq 0 ] && [ "$DEPLOY_MODE" = client ]; then
    # the driver checks the model on its CPU before the executors start (client mode: this host)
    extra+=(--driver-class-path "$(cat "$NATIVE_JAR_FILE" 2>/dev/null || echo "$NATIVE_JAR_FILE")")
  fi
  extra+=("${SUBMIT_EXTRA[@]}")
  local -a command=("$submit" --master "$MASTER" --deploy-mode "$DEPLOY_MODE" --properties-file "$properties"
    --class io.oodseg.cli.OodSeg --name "oodseg ${app[0]}" "${extra[@]}" "${confs[@]}" "${APP_JAR:-$CLUSTER_JAR}" "${app[@]}")
  if [ $dry -eq 1 ]; then
    printf '%q ' "${command[@]}"; echo
    return 0
  fi
  "${command[@]}"
}
