#!/usr/bin/env bash
# action.yml, step "Which imagesync": a release to download, or this checkout of the action to
# build. Reads WANTED (the version input) and ACTION_REF (the ref the workflow used, @v1 or
# @v1.2.3 or @main or a commit); writes source=release|source and tag=… to $GITHUB_OUTPUT.
set -euo pipefail
wanted=${WANTED:-}
ref=${ACTION_REF:-}
if [[ -n $wanted ]]; then
  [[ ${wanted#v} =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "::error::imagesync action: version '$wanted' is not a release version (1.2.3 or v1.2.3)"; exit 2; }
  tag=v${wanted#v}
elif [[ $ref =~ ^v[0-9]+(\.[0-9]+){0,2}$ ]]; then
  tag=$ref # @v1 (the release workflow keeps a v1 release with the newest v1.x.y's files) or @v1.2.3
else
  tag=
fi
if [[ -n $tag ]]; then
  { echo "source=release"; echo "tag=$tag"; } >> "$GITHUB_OUTPUT"
  echo "imagesync: release $tag"
else
  commit=$(git -C "$GITHUB_ACTION_PATH" rev-parse --short HEAD 2>/dev/null || echo local)
  { echo "source=source"; echo "tag=source-$commit"; } >> "$GITHUB_OUTPUT"
  echo "imagesync: built from the action's source (${ref:-local checkout} at $commit)"
fi
