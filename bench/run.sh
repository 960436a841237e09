#!/usr/bin/env bash
# bench/run.sh [--tls] [RUNS]: the speed benchmark, on your own machine.
# Starts two CNCF distribution registries on 127.0.0.1:5001 (source) and :5002 (destination),
# seeds the workloads (w1: 10 repos x 2 tags x 2 arches x 3 layers of 2 MB; w2: one 256 MB layer;
# w4: 100 tags of a 10 KB layer; w3: all of them again onto a full destination; w5: 10 repos on one
# base; w6: one 192 MB image; see seed.sh), then times imagesync against `skopeo copy --all` per
# image (the shell-loop workflows), alternately, checks every digest afterwards, and prints
# medians, ratios and peak RSS. --tls: both registries speak https (a private CA that imagesync is
# given with --ca-cert; skopeo goes without checks). WORKLOADS picks workloads (default
# "w1 w2 w4 w3"). Needs docker-registry, skopeo, jq, curl, openssl, python3 and GNU time
# (apt-get install -y docker-registry skopeo jq curl python3 time), and target/imagesync.jar
# (mvn -B package). RUNS defaults to 3. About ten minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tls=0; [[ ${1:-} == --tls ]] && { tls=1; shift; }
runs=${1:-3}
workloads=${WORKLOADS:-w1 w2 w4 w3}
for tool in docker-registry skopeo jq curl openssl python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (see the comment at the top)" >&2; exit 1; }
done
[[ -f $here/../target/imagesync.jar ]] || { echo "bench/run.sh: build first: mvn -B package" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
TLS=$tls "$here/registries.sh" start "$work"
# shellcheck disable=SC2086 # a list of workloads; w3 is w1 w2 w4 again
seed=$(echo $workloads | tr ' ' '\n' | sed 's/^w3$/w1 w2 w4/' | tr ' ' '\n' | sort -u)
echo "seeding the source registry: $(echo $seed)..." >&2
# shellcheck disable=SC2086
"$here/seed.sh" 127.0.0.1:5001 $seed
[[ $tls == 1 ]] && export IMAGESYNC_ARGS="${IMAGESYNC_ARGS:-} --ca-cert $work/tls/ca.crt"
# The launcher's start-up cache is made now, untimed, not by the first timed run of a new build.
# shellcheck disable=SC2046
"$here/warm-cache.sh" 127.0.0.1:5001/$(head -1 "$here/lists/$(echo $seed | cut -d' ' -f1).txt" | cut -d: -f1) $([[ $tls == 1 ]] && echo --ca-cert "$work/tls/ca.crt")
BENCH_DIR=$work WORKLOADS=$workloads "$here/compare.sh" "$here/shared-harness.sh {src} {dst} {list}" "$runs"
