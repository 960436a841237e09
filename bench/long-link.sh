#!/usr/bin/env bash
# bench/long-link.sh [--tls] [RUNS]: the speed benchmark on the link users live with — a CI runner
# near the source (40 ms round trip) pushing across a continent (200 ms, 200 Mbit/s), through
# wanproxy.py (wan.sh) in front of two loopback registries. Times imagesync against `skopeo copy
# --all` per image on w4 (20 small tags), w3 (20 refs with nothing to do), w1 (20 refs, 160 MB)
# and w5 (10 repositories on one base), alternately, checks every digest, prints medians, ratios
# and peak RSS. --tls: as Docker Hub, GHCR and ACR are reached — both registries speak TLS, and the
# destination wants bearer tokens from a token service on https across its own 200 ms link
# (127.0.0.1:5013; user bench / bench-pass, given to imagesync with --dest-creds). skopeo takes
# minutes per workload here; NO_BASE=1 skips it. WORKLOADS picks workloads (default "w4 w3 w1 w5").
# Needs what bench/run.sh needs. RUNS defaults to 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tls=0; [[ ${1:-} == --tls ]] && { tls=1; shift; }
runs=${1:-1}
[[ -f $here/../target/imagesync.jar ]] || { echo "bench/long-link.sh: build first: mvn -B package" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/wan.sh" stop "$work" >/dev/null 2>&1 || true; "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# With --tls the registries are named as internet ones are, by a host name /etc/hosts maps to
# 127.0.0.1 (hosts.sh): a registry named by a loopback address may be tried over plain HTTP first
# (as docker does), which none on the internet is. The link listens on 127.0.0.1 either way.
host=127.0.0.1; [[ $tls == 1 ]] && host=$("$here/hosts.sh")
TLS=$tls TOKEN=$tls TOKEN_REALM=https://token.imagesync.test:5013/token "$here/registries.sh" start "$work"
workloads=${WORKLOADS:-"w4 w3 w1 w5"}
seed=w1; [[ $workloads == *w4* ]] && seed="$seed w4"; [[ $workloads == *w5* ]] && seed="$seed w5"
echo "seeding the source registry ($seed)..." >&2
# shellcheck disable=SC2086
"$here/seed.sh" 127.0.0.1:5001 $seed
# The launcher's start-up cache is made now, untimed, not by the first timed run of a new build.
"$here/warm-cache.sh" 127.0.0.1:5001/w1/app1 $([[ $tls == 1 ]] && echo --ca-cert "$work/tls/ca.crt")
WAN_HOST=127.0.0.1 "$here/wan.sh" start "$work"
if [[ $tls == 1 ]]; then
  export IMAGESYNC_ARGS="${IMAGESYNC_ARGS:-} --ca-cert $work/tls/ca.crt --dest-creds bench:bench-pass"
  export SKOPEO_ARGS="${SKOPEO_ARGS:-} --dest-creds bench:bench-pass"
fi
VIA_SRC=$host:5011 VIA_DST=$host:5012 LISTS=$here/wan-lists BENCH_DIR=$work WORKLOADS=$workloads \
  "$here/compare.sh" "$here/shared-harness.sh {src} {dst} {list}" "$runs"
