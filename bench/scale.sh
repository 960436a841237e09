#!/usr/bin/env bash
# bench/scale.sh [RUNS]: a no-op sync (everything already at the destination) as the list grows:
# 125, 250 and 500 repositories of 4 tags (500, 1,000 and 2,000 tags), on loopback and on the long
# link (wan.sh: destination 200 ms away). Prints, per size and link, the median seconds, seconds per
# 1,000 tags, peak RSS and the requests per tag at each registry (from their access logs): time
# should grow linearly and memory stay flat. RUNS defaults to 3; IMAGESYNC_ARGS adds flags (e.g.
# -j 64); SIZES picks repository counts (default "125 250 500"). Ports as registries.sh/wan.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
[[ -f $here/../target/imagesync.jar ]] || { echo "bench/scale.sh: build first: mvn -B package" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/wan.sh" stop "$work" >/dev/null 2>&1 || true; "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
ACCESSLOG=1 "$here/registries.sh" start "$work"
python3 "$here/seed-many.py" 127.0.0.1:5001 500 4 >&2
export IMAGESYNC_JAR=${IMAGESYNC_JAR:-$here/../target/imagesync.jar}
list() { # N: the first N repositories, every tag, as a markdown list
  for i in $(seq 1 "$1"); do for t in 1 2 3 4; do printf '127.0.0.1:5001/scale/app%04d:t%03d\n' "$i" "$t"; done; done > "$work/list-$1.md"
}
for n in ${SIZES:-125 250 500}; do list $n; done
# The destination filled once (not timed); then every run has nothing to copy.
list 500; "$here/../bin/imagesync" sync "$work/list-500.md" --to 127.0.0.1:5002 --keep-path --no-history -q >/dev/null 2>&1
"$here/wan.sh" start "$work" >/dev/null
printf '%-9s %-6s %-8s %-10s %-9s %-8s %s\n' link tags median "s/1000" RSS "req/tag" "(source/destination)"
for link in loopback long; do
  src=127.0.0.1:5001 dst=127.0.0.1:5002; [[ $link == long ]] && { src=127.0.0.1:5011; dst=127.0.0.1:5012; }
  for n in ${SIZES:-125 250 500}; do
    sed "s|127.0.0.1:5001|$src|" "$work/list-$n.md" > "$work/run.md"
    times=() rss=()
    before_src=$(wc -l < "$work/src.log") before_dst=$(wc -l < "$work/dst.log")
    for _ in $(seq "$runs"); do
      start=$(date +%s.%N)
      # shellcheck disable=SC2086 # IMAGESYNC_ARGS: a list of flags
      /usr/bin/time -f %M -o "$work/rss" "$here/../bin/imagesync" sync "$work/run.md" --to "$dst" --keep-path --no-history -q ${IMAGESYNC_ARGS:-} >/dev/null 2>&1
      times+=("$(echo "$(date +%s.%N) - $start" | bc)"); rss+=("$(cat "$work/rss")")
    done
    tags=$((n * 4))
    req_src=$(( ($(wc -l < "$work/src.log") - before_src) / runs )) req_dst=$(( ($(wc -l < "$work/dst.log") - before_dst) / runs ))
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
    printf '%-9s %-6s %-8.2f %-10.2f %-9s %-8s %s\n' $link $tags "$median" "$(echo "$median * 1000 / $tags" | bc -l)" "$((peak / 1024)) MiB" \
      "$(echo "scale=2; ($req_src + $req_dst) / $tags" | bc)" "($req_src/$req_dst)"
  done
done
