#!/usr/bin/env bash
# Runs convpool in Spark local mode on all cores of this machine.
#   jobs/run-local.sh [job options]       (defaults: --input data/samples --output out)
# Builds the jar first if the sources are newer. Needs only a JDK 17 and Maven.
# JAVA_OPTS is passed to the JVM (for example JAVA_OPTS=-Xmx4g); SPARK_MASTER overrides local[*].
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

jar=target/convpool.jar
classpath=target/classpath.txt
if [[ ! -f "$jar" || ! -f "$classpath" || -n "$(find src/main conf pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "convpool: building the jar (mvn package, tests skipped)..." >&2
  mvn -q -DskipTests package >&2
fi

args=("$@")
has() { local o; for o in "${args[@]}"; do [[ "$o" == "$1" || "$o" == "$1="* ]] && return 0; done; return 1; }
has --help || has -h || has --version || {
  has --input || args=(--input data/samples "${args[@]}")
  has --output || args=(--output out "${args[@]}")
}

mapfile -t jvm < <(grep -v '^#' conf/jvm-options)
# shellcheck disable=SC2086
exec java "${jvm[@]}" ${JAVA_OPTS:-} \
  -Dspark.master="${SPARK_MASTER:-local[*]}" \
  -Dspark.ui.enabled=false \
  -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  -cp "$jar:$(cat "$classpath")" org.convpool.job.Main "${args[@]}"
