#!/usr/bin/env bash
# bench/shared-harness.sh SRC DST LIST: the imagesync side of ../shared/bench/compare.sh.
# LIST holds repo:tag lines; they become a markdown list of SRC/repo:tag images, and one
# imagesync run copies them to DST under the same paths (--keep-path), through bin/imagesync
# (java -jar with start-up settings and a class-data archive; see that script). Uses
# target/imagesync.jar (mvn -B package), or $IMAGESYNC_JAR. No records are written (--no-history).
# $IMAGESYNC_ARGS adds flags (e.g. --referrers, to time what looking for referrers costs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export IMAGESYNC_JAR=${IMAGESYNC_JAR:-$here/../target/imagesync.jar}
src=$1 dst=$2 list=$3
md=$(mktemp --suffix=.md)
trap 'rm -f "$md"' EXIT
sed "s|^|$src/|" "$list" > "$md"
# shellcheck disable=SC2086 # IMAGESYNC_ARGS is a list of flags
"$here/../bin/imagesync" sync "$md" --to "$dst" --keep-path --no-history ${IMAGESYNC_ARGS:-} > /dev/null
