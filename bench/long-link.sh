#!/usr/bin/env bash
# bench/long-link.sh [RUNS]: the speed benchmark on the link users live with — a CI runner near
# the source (40 ms round trip) pushing across a continent (200 ms, 200 Mbit/s), through
# wanproxy.py (wan.sh) in front of two loopback registries. Times imagesync against `skopeo copy
# --all` per image on w4 (20 small tags), w3 (20 refs with nothing to do) and w1 (20 refs,
# 160 MB), alternately, checks every digest, prints medians, ratios and peak RSS. skopeo takes
# minutes per workload here; NO_BASE=1 skips it. Needs what bench/run.sh needs. RUNS defaults to 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-1}
[[ -f $here/../target/imagesync.jar ]] || { echo "bench/long-link.sh: build first: mvn -B package" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/wan.sh" stop "$work" >/dev/null 2>&1 || true; "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$here/registries.sh" start "$work"
echo "seeding the source registry (about a minute)..." >&2
"$here/seed.sh" 127.0.0.1:5001
"$here/wan.sh" start "$work"
VIA_SRC=127.0.0.1:5011 VIA_DST=127.0.0.1:5012 LISTS=$here/wan-lists BENCH_DIR=$work WORKLOADS=${WORKLOADS:-"w4 w3 w1"} \
  "$here/compare.sh" "$here/shared-harness.sh {src} {dst} {list}" "$runs"
