#!/usr/bin/env bash
# bench/startup.sh [RUNS]: what a typed command costs, start-up included, through bin/imagesync:
# A (the launcher as it is: a JDK 25 or later when one is found, with its ahead-of-time cache)
# against B (the same launcher forced onto $BEFORE_JAVA, default JDK 17 with its class-data
# archive; or, with BEFORE_JAR=FILE, the launcher as it is with another build's JAR), in turn
# A B A B …, RUNS pairs (default 10) after one warm-up each, medians and the median of the
# per-pair ratios A/B. Nothing to copy: a 2-platform image of 2 × 100 kB layers is
# already at the destination, so what is left is start-up, the requests that find that out, and
# their TLS handshakes.
#   plain: both registries plain HTTP on 127.0.0.1 (bench/registries.sh)
#   tls:   both TLS, named registry.imagesync.test (bench/hosts.sh; no plain-HTTP probe), --ca-cert
#   tls-ip: both TLS, named 127.0.0.1 (a loopback registry: plain HTTP allowed), --ca-cert
# Each command's JAR is a copy in a fresh directory, so the archive or cache it uses is made by the
# warm-up of the first command (as a user's first run makes it), not found from another run.
# COMMANDS="copy inspect" and MODES="plain tls" pick parts. Times by /usr/bin/time (wall, CPU,
# peak RSS). SKOPEO=1 also times `skopeo copy --all` of the same image in each pair's turn (copy
# only; --src/--dest-cert-dir for TLS) and prints its median below the table. Needs docker-registry, skopeo, python3, GNU time; about 3 minutes with RUNS=10.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-10}
jar=$here/../target/imagesync.jar
[[ -f $jar ]] || { echo "bench/startup.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/startup.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
before=${BEFORE_JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
before_jar=${BEFORE_JAR:-$jar}
if [[ -n ${BEFORE_JAR:-} ]]; then
  [[ -f $before_jar ]] || { echo "bench/startup.sh: no JAR at BEFORE_JAR=$before_jar" >&2; exit 1; }
  b_env=() b_label="B: $(basename "$before_jar")"
else
  [[ -x $before ]] || { echo "bench/startup.sh: no JVM at BEFORE_JAVA=$before" >&2; exit 1; }
  b_env=(IMAGESYNC_JAVA="$before") b_label="B: $(basename "$(dirname "$(dirname "$before")")")"
fi
work=$(mktemp -d)
trap '"$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
python3 "$here/mkimage.py" "$work/image" --arches amd64,arm64 --layers 2 --size 100000 --seed startup >/dev/null
host=$("$here/hosts.sh")
cd "$work" # copy writes its records (transfer_history.md, image_list.md) where it runs

# one RUN: LABEL JARDIR ENV... -- ARGS: appends "wall cpu rss_kib" to $work/LABEL.times
one() {
  local label=$1 dir=$2; shift 2
  local envs=()
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done; shift
  local start=$EPOCHREALTIME
  env "${envs[@]}" IMAGESYNC_JAR="$dir/imagesync.jar" /usr/bin/time -f "%U %S %M" -o "$work/last.time" \
    "$here/../bin/imagesync" "$@" >"$work/last.out" 2>&1 || { echo "bench/startup.sh: $label failed:" >&2; cat "$work/last.out" >&2; exit 1; }
  local end=$EPOCHREALTIME   # wall time to the microsecond (time's own is to the hundredth)
  awk -v s="$start" -v e="$end" '{ printf "%.4f %.3f %s\n", e - s, $1 + $2, $3 }' "$work/last.time" >> "$work/$label.times"
}

skopeo_times=()
printf '| mode | command | %s | A: launcher | A/B (pairs) | CPU A, B | peak RSS A |\n|---|---|---|---|---|---|---|\n' "$b_label"
for mode in ${MODES:-plain tls}; do
  "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true
  if [[ $mode == tls || $mode == tls-ip ]]; then
    TLS=1 "$here/registries.sh" start "$work" >/dev/null
    name=$host tls=(--ca-cert "$work/tls/ca.crt")
    [[ $mode == tls ]] || name=127.0.0.1
  else
    "$here/registries.sh" start "$work" >/dev/null
    name=127.0.0.1 tls=()
  fi
  skopeo copy -q --all --dest-tls-verify=false "oci:$work/image:latest" "docker://127.0.0.1:5001/startup/app:v1" >/dev/null
  skopeo copy -q --all --src-tls-verify=false --dest-tls-verify=false "docker://127.0.0.1:5001/startup/app:v1" "docker://127.0.0.1:5002/startup/app:v1" >/dev/null
  for command in ${COMMANDS:-copy inspect}; do
    case $command in
      copy) args=(copy "${tls[@]}" "$name:5001/startup/app:v1" "$name:5002/startup/app:v1") ;;
      inspect) args=(inspect "${tls[@]}" "$name:5001/startup/app:v1") ;;
      ls) args=(ls "${tls[@]}" "$name:5001/startup/app") ;;
      *) echo "bench/startup.sh: unknown command $command" >&2; exit 2 ;;
    esac
    rm -rf "$work/jar-a" "$work/jar-b" && mkdir -p "$work/jar-a" "$work/jar-b"
    cp "$jar" "$work/jar-a/imagesync.jar" && cp "$before_jar" "$work/jar-b/imagesync.jar"
    a=$mode-$command-a b=$mode-$command-b
    one warm "$work/jar-a" -- "${args[@]}"
    one warm "$work/jar-b" "${b_env[@]}" -- "${args[@]}"
    rm -f "$work/$a.times" "$work/$b.times"
    rm -f "$work/$mode-skopeo.times"
    for _ in $(seq "$runs"); do
      one "$a" "$work/jar-a" -- "${args[@]}"
      one "$b" "$work/jar-b" "${b_env[@]}" -- "${args[@]}"
      if [[ -n ${SKOPEO:-} && $command == copy ]]; then
        verify=$([[ $mode == tls* ]] && echo true || echo false)
        mkdir -p "$work/certs" && { [[ $mode != tls* ]] || cp "$work/tls/ca.crt" "$work/certs/"; }
        start=$EPOCHREALTIME
        skopeo copy -q --all --src-cert-dir "$work/certs" --dest-cert-dir "$work/certs" --src-tls-verify=$verify --dest-tls-verify=$verify \
          "docker://$name:5001/startup/app:v1" "docker://$name:5002/startup/app:v1" >/dev/null
        awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", e - s }' >> "$work/$mode-skopeo.times"
      fi
    done
    python3 - "$work/$a.times" "$work/$b.times" "$mode" "${args[*]}" <<'EOF'
import statistics, sys
a = [list(map(float, l.split())) for l in open(sys.argv[1])]
b = [list(map(float, l.split())) for l in open(sys.argv[2])]
med = lambda xs: statistics.median(xs)
ratios = [x[0] / y[0] for x, y in zip(a, b)]
cmd = sys.argv[4].split()
shown = " ".join(w for w in cmd if not w.startswith("/") and w != "--ca-cert")
print(f"| {sys.argv[3]} | `{shown}` | {med([y[0] for y in b]):.3f} s | {med([x[0] for x in a]):.3f} s | "
      f"{med(ratios):.3f} ({min(ratios):.2f}–{max(ratios):.2f}) | {med([x[1] for x in a]):.2f}, {med([y[1] for y in b]):.2f} s | "
      f"{med([x[2] for x in a]) / 1024:.0f} MiB |")
EOF
    if [[ -s $work/$mode-skopeo.times ]]; then
      skopeo_times+=("$mode copy: skopeo copy --all $(sort -n "$work/$mode-skopeo.times" | awk '{ t[NR] = $1 } END { printf "%.3f s", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }') (median of $runs, in the same turns)")
    fi
  done
done
for line in "${skopeo_times[@]}"; do echo "$line"; done
