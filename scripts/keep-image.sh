#!/usr/bin/env bash
# scripts/keep-image.sh IMAGE...: what the add-image dispatch of .github/workflows/sync.yml does
# with the images it is sent: each is added to the repository's markdown list (upload/images.md
# if the repository has one, as transfer.sh kept it, else images.md, made if missing) unless a
# line already names it, so the scheduled runs keep syncing it, and one that failed is tried
# again. Prints the list file's path. Lines are compared as written, without a leading "- " or
# backticks.
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: keep-image.sh IMAGE..." >&2; exit 2; }
list=images.md
[[ -f upload/images.md ]] && list=upload/images.md
touch "$list"
for image in "$@"; do
  image=${image//[$'\r\n\t ']/}
  [[ -n $image ]] || continue
  if ! sed -e 's/^[[:space:]]*[-*][[:space:]]*//' -e 's/`//g' -e 's/[[:space:]]*$//' "$list" | grep -qxF -- "$image"; then
    [[ -s $list && -n $(tail -c1 "$list") ]] && echo >> "$list"
    echo "$image" >> "$list"
  fi
done
echo "$list"
