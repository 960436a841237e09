#!/usr/bin/env bash
# faults.sh [IMAGES] [SEEDS] [RATE...]: the fault trial. IMAGES multi-arch images (default 30) are
# copied with default flags through a proxy that breaks RATE of the requests (default 0.10 and
# 0.25: resets, 500, 503, 429, bodies cut short or paused), once on the source side and once on
# the destination side, for each of SEEDS seeds (default 5); prints a markdown table of what
# arrived with identical digests, the exit status, the time and the faults injected.
# Uses the test code's registries (Debian's docker-registry binary) and the fault proxy; builds
# the JAR and the test classes first. Runs on free 127.0.0.1 ports, not the bench harness's.
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-30}; seeds=${2:-5}; shift $(( $# > 2 ? 2 : $# )) || true
rates=("$@"); [[ ${#rates[@]} -gt 0 ]] || rates=(0.10 0.25)
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.imagesync.testing.FaultTrial \
  target/imagesync.jar "$images" "$seeds" "${rates[@]}"
