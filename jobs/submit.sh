#!/usr/bin/env bash
# Submits convpool to a cluster with spark-submit.
#   jobs/submit.sh [spark-submit options] -- [job options]
# Example:
#   jobs/submit.sh --master yarn --deploy-mode cluster --executor-memory 8g \
#     -- --input hdfs:///data/images --output hdfs:///data/features
# Uses $SPARK_HOME/bin/spark-submit, else spark-submit on the PATH. Builds the jar if missing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

if [[ -n "${SPARK_HOME:-}" ]]; then
  submit="$SPARK_HOME/bin/spark-submit"
elif command -v spark-submit >/dev/null; then
  submit=spark-submit
else
  echo "convpool: spark-submit not found; set SPARK_HOME to a Spark 4 installation or put spark-submit on the PATH" >&2
  exit 2
fi

spark_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do spark_args+=("$1"); shift; done
if [[ $# -eq 0 ]]; then
  echo "convpool: separate spark-submit options from job options with --, for example: jobs/submit.sh --master yarn -- --input hdfs:///images --output hdfs:///features" >&2
  exit 2
fi
shift

jar="$here/target/convpool.jar"
if [[ ! -f "$jar" ]]; then
  echo "convpool: building the jar (mvn package, tests skipped)..." >&2
  (cd "$here" && mvn -q -DskipTests package >&2)
fi

exec "$submit" --class org.convpool.job.Main --name convpool "${spark_args[@]}" "$jar" "$@"
