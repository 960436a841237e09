#!/usr/bin/env bash
# bench/tls-overhead.sh [RUNS]: what TLS and a token service cost, plain against TLS in one run, on
# one seeded source (RUNS defaults to 3):
#   loopback  w6 (one 192 MB image), imagesync against skopeo, both registries plain, then both TLS
#   long link w4 w3 w1 w5 (wan.sh: source 40 ms, destination 200 ms at 200 Mbit/s), imagesync alone,
#             plain, then as Docker Hub, GHCR and ACR are reached: both registries TLS and the
#             destination behind a bearer token service on https across its own 200 ms link
#             (registries.sh TLS=1 TOKEN=1, tokenserver.py on :5004, wan.sh's :5013)
# In TLS mode imagesync gets --ca-cert and --dest-creds bench:bench-pass; skopeo --dest-creds
# (its certificate checks are off, as in every skopeo run of the harness). Needs what run.sh needs.
# PROFILES="loopback long" and MODES="plain tls" pick parts. About 10 minutes with RUNS=3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
[[ -f $here/../target/imagesync.jar ]] || { echo "bench/tls-overhead.sh: build first: mvn -B package" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/wan.sh" stop "$work" >/dev/null 2>&1 || true; "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$here/registries.sh" start "$work"
echo "seeding the source registry (w1 w4 w5 w6, about two minutes)..." >&2
"$here/seed.sh" 127.0.0.1:5001 w1 w4 w5 w6
harness="$here/shared-harness.sh {src} {dst} {list}"
# The launcher's start-up cache is made now, untimed, not by the first timed run of a new build.
"$here/warm-cache.sh" 127.0.0.1:5001/w1/app1
# On the long link the TLS registries are named as internet ones are, by a host name /etc/hosts
# maps to 127.0.0.1 (hosts.sh): a registry named by a loopback address may be tried over plain HTTP
# first (as docker does), which no registry on the internet is. The link listens on 127.0.0.1.
host=$("$here/hosts.sh")
for mode in ${MODES:-plain tls}; do
  for profile in ${PROFILES:-loopback long}; do
    echo "== $mode, $profile" >&2
    "$here/registries.sh" stop "$work" >/dev/null   # restarted on the same storage: the source stays seeded
    via=127.0.0.1; [[ $profile == long && $mode == tls ]] && via=$host
    if [[ $mode == tls ]]; then
      realm=https://127.0.0.1:5004/token; [[ $profile == long ]] && realm=https://token.imagesync.test:5013/token
      TLS=1 TOKEN=1 TOKEN_REALM=$realm "$here/registries.sh" start "$work"
      args="--ca-cert $work/tls/ca.crt --dest-creds bench:bench-pass" skopeo_args="--dest-creds bench:bench-pass"
    else
      "$here/registries.sh" start "$work"; args="" skopeo_args=""
    fi
    if [[ $profile == loopback ]]; then
      IMAGESYNC_ARGS="$args" SKOPEO_ARGS="$skopeo_args" BENCH_DIR=$work WORKLOADS=w6 "$here/compare.sh" "$harness" "$runs" | sed "s/^/$mode loopback: /"
    else
      WAN_HOST=127.0.0.1 "$here/wan.sh" start "$work" >/dev/null
      IMAGESYNC_ARGS="$args" NO_BASE=1 VIA_SRC=$via:5011 VIA_DST=$via:5012 LISTS=$here/wan-lists BENCH_DIR=$work \
        WORKLOADS=${WORKLOADS:-"w4 w3 w1 w5"} "$here/compare.sh" "$harness" "$runs" | sed "s/^/$mode long link: /"
      "$here/wan.sh" stop "$work"
    fi
  done
done
