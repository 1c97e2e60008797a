# Shared settings of the launch scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Java 17 module openings Spark needs (same list as Surefire's argLine in pom.xml).
SPARK_JAVA_OPTS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
# DJL: never download anything; extract the bundled CPU natives under the project.
DJL_JAVA_OPTS="-Dai.djl.offline=true"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$ROOT/.cache/djl}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.cache/djl}"
# Numerics (docs/numerics.md): oneDNN capped at AVX2 unless the caller chose otherwise (the
# product also sets it in-process before libtorch starts).
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"
# The Spark line to build and run (README "Two Spark lines"): spark3.5 (Spark 3.5, Scala 2.12,
# the default) or spark4 (Spark 4.x, Scala 2.13). OODSEG_SPARK_LINE chooses; when it is unset, the
# line of the Spark distribution at SPARK_HOME (its jars/spark-core_<scala>-<version>.jar), else
# spark3.5.
spark_home_line() {
  local core
  for core in "${SPARK_HOME:-}"/jars/spark-core_2.1[23]-*.jar; do
    [ -f "$core" ] || continue
    case "$(basename "$core")" in
      spark-core_2.12-3.*) echo spark3.5; return ;;
      spark-core_2.13-4.*) echo spark4; return ;;
    esac
  done
}
if [ -z "${OODSEG_SPARK_LINE:-}" ]; then
  OODSEG_SPARK_LINE="$( [ -n "${SPARK_HOME:-}" ] && spark_home_line || true )"
  OODSEG_SPARK_LINE="${OODSEG_SPARK_LINE:-spark3.5}"
fi
case "$OODSEG_SPARK_LINE" in
  spark3.5) LINE_TARGET=target; LINE_PROFILE=() ;;
  spark4) LINE_TARGET=target/spark4; LINE_PROFILE=(-P spark4) ;;
  *) echo "$(basename "$0"): OODSEG_SPARK_LINE=$OODSEG_SPARK_LINE is not a Spark line: use spark3.5 or spark4" >&2
     exit 2 ;;
esac
JAR="$ROOT/pipeline/$LINE_TARGET/oodseg-pipeline-0.1.0-SNAPSHOT.jar"
CLASSPATH_FILE="$ROOT/pipeline/$LINE_TARGET/classpath.txt"
# The benchmarks (module bench, not in the application jar) and their classpath.
BENCH_JAR="$ROOT/bench/$LINE_TARGET/oodseg-bench-0.1.0-SNAPSHOT.jar"
BENCH_CLASSPATH_FILE="$ROOT/bench/$LINE_TARGET/classpath.txt"

# Builds the application (without tests) when it is missing or older than its sources.
build_if_needed() {
  if [ ! -f "$JAR" ] || [ ! -f "$CLASSPATH_FILE" ] || \
     [ -n "$(find "$ROOT/pipeline/src" "$ROOT/udfs/src/main" "$ROOT/conf" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]; then
    echo "building the application, line $OODSEG_SPARK_LINE (mvn package, tests skipped)..." >&2
    (cd "$ROOT" && mvn -q -B -Dstyle.color=never "${LINE_PROFILE[@]}" -DskipTests package) >&2
  fi
}

# Builds the application and the benchmarks (without tests) when the benchmarks' jar is missing or
# older than the sources of either.
build_bench_if_needed() {
  if [ ! -f "$BENCH_JAR" ] || [ ! -f "$BENCH_CLASSPATH_FILE" ] || \
     [ -n "$(find "$ROOT/bench/src" "$ROOT/bench/pom.xml" "$ROOT/pipeline/src/main" "$ROOT/pipeline/pom.xml" "$ROOT/udfs/src/main" "$ROOT/conf" "$ROOT/pom.xml" -newer "$BENCH_JAR" -type f -print -quit)" ]; then
    echo "building the application and the benchmarks, line $OODSEG_SPARK_LINE (mvn package, tests skipped)..." >&2
    (cd "$ROOT" && mvn -q -B -Dstyle.color=never "${LINE_PROFILE[@]}" -DskipTests package) >&2
  fi
}

# Runs the command line in a local JVM: oodseg_java [JVM options --] ARGS... (G1 regions of 8 MB:
# see conf/spark/local.properties)
oodseg_java() {
  java -Xmx${OODSEG_HEAP:-6g} -XX:G1HeapRegionSize=8m $SPARK_JAVA_OPTS $DJL_JAVA_OPTS -cp "$JAR:$(cat "$CLASSPATH_FILE")" io.oodseg.cli.OodSeg "$@"
}
