#!/usr/bin/env bash
# bench/shared-harness.sh SRC DST LIST: the imagesync side of ../shared/bench/compare.sh.
# LIST holds repo:tag lines; they become an images.json whose targets keep the source path, and
# one imagesync run copies them from SRC to DST, through bin/imagesync (java -jar with start-up
# settings and a class-data archive; see that script). Uses target/imagesync.jar (mvn -B package),
# or $IMAGESYNC_JAR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export IMAGESYNC_JAR=${IMAGESYNC_JAR:-$here/../target/imagesync.jar}
src=$1 dst=$2 list=$3
json=$(mktemp --suffix=.json)
trap 'rm -f "$json"' EXIT
jq -R -s --arg src "$src" \
  'split("\n") | map(select(length > 0)) | map({source: ($src + "/" + .), target: (split(":")[0])})' "$list" > "$json"
"$here/../bin/imagesync" sync "$json" --to "$dst" > /dev/null
