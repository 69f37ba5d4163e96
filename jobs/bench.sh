#!/usr/bin/env bash
# Benchmarks convpool and prints a table of medians (also written to target/bench-work/report.md).
#   jobs/bench.sh [--reference DIR] [--python PATH] [--forks N] [--warmup N] [--iterations N]
#                 [--job-repeats N] [--copies N] [--skip-jmh] [--skip-job]
# Builds the job jar and target/benchmarks.jar (Maven profile "bench"), then runs:
#   JMH: the engine (seed bank and 8 filters of 5x5 on 4096x4096, one thread, fused and plain), decoding a 4096x4096
#   JPEG and PNG, encoding a ReLU map's PNG; and the whole job in local mode (jobs/run-local.sh) on a generated
#   dataset of mixed sizes (--copies times 16 photos, 57 megapixels; default 2) and three times that, with --png none
#   and all, --job-repeats times each, 1x and 3x interleaved (each run's output deleted and synced to disk before it
#   starts; one untimed run first, which writes run-local.sh's class-data archive), --png none also writing to
#   /dev/shm where there is room, interleaved with the disk's runs, to tell the job's speed from the disk's, and
#   --png all --report none on the larger dataset (only the outputs the reference writes).
# With --reference DIR (the folder of seed_pipeline.py and ref_batch.py, run with --python, default
# /usr/bin/python3, which needs cv2 and torch) it runs the reference on the same inputs and prints ratios.
# Defaults take 8 to 11 minutes on 2 cores. Generated inputs are kept in target/bench-work and reused.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
for a in "$@"; do
  if [[ "$a" == "--help" || "$a" == "-h" ]]; then sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
done
echo "convpool: building the job jar and target/benchmarks.jar ..." >&2
mvn -q -DskipTests package >&2
mvn -q -Pbench -DskipTests package >&2
# every JVM that loads the Vector API (this one and JMH's forks) prints one line about it: dropped here
exec java -Xmx6g --add-modules=jdk.incubator.vector -cp target/benchmarks.jar org.convpool.bench.BenchMain "$@" \
  2> >(grep -v -x 'WARNING: Using incubator modules: jdk.incubator.vector' >&2)
