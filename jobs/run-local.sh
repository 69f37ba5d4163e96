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

# Class-data sharing: the JVM maps the classes a previous run loaded (Spark's, mostly) from an archive instead of
# loading and verifying them again, which saves about 2 of the 4 to 5 seconds before the first image. The archive
# belongs to one build, JDK and JVM options; the first run after a change writes a new one as it exits, which takes
# some seconds more. CONVPOOL_CDS=off runs without it.
cds=()
archive=
if [[ "${CONVPOOL_CDS:-on}" != off ]]; then
  key=$({ java -version 2>&1; ls -ln "$jar" $(tr ':' ' ' < "$classpath"); cksum < "$jar"; printf '%s\n' "${jvm[@]}" "${JAVA_OPTS:-}"; } | cksum | cut -d' ' -f1)
  archive="target/cds/convpool-$key.jsa"
  if [[ -f "$archive" ]]; then
    cds=(-XX:SharedArchiveFile="$archive" "-Xlog:cds*=off")
    archive=
  else
    mkdir -p target/cds
    # archives of earlier builds are of no more use; those of this build with other options are kept
    find target/cds -name 'convpool-*.jsa' ! -newer "$jar" -delete
    cds=(-XX:ArchiveClassesAtExit="$archive.$$" "-Xlog:cds*=off")
    echo "convpool: this first run of a new build also saves the classes it loads to $archive, for faster start-ups" >&2
  fi
fi

# shellcheck disable=SC2086
command=(java "${jvm[@]}" "${cds[@]}" ${JAVA_OPTS:-}
  -Dspark.master="${SPARK_MASTER:-local[*]}"
  -Dspark.ui.enabled=false
  -Dlog4j2.configurationFile="$here/conf/log4j2.properties"
  -cp "$jar:$(cat "$classpath")" org.convpool.job.Main "${args[@]}")
if [[ -z "$archive" ]]; then
  exec "${command[@]}"
fi
rc=0
"${command[@]}" || rc=$?
if [[ -f "$archive.$$" ]]; then
  mv -f "$archive.$$" "$archive"
fi
exit "$rc"
