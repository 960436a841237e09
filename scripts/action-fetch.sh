#!/usr/bin/env bash
# action.yml, step "Fetch imagesync": puts the imagesync launcher on PATH. A release is downloaded
# once into DIR (cached by the workflow) and its files checked against the release's SHA256SUMS;
# from source, the action's own checkout is built with Maven.
set -euo pipefail
if [[ $SOURCE == release ]]; then
  repository=${REPOSITORY:-$GITHUB_REPOSITORY}
  mkdir -p "$DIR"
  cd "$DIR"
  if ! { [[ -f SHA256SUMS ]] && sha256sum --quiet -c SHA256SUMS; }; then
    base="https://github.com/$repository/releases/download/$TAG"
    for f in imagesync.jar imagesync SHA256SUMS; do
      curl -fsSL --retry 3 --retry-all-errors -o "$f" "$base/$f" || { echo "::error::imagesync action: cannot download $base/$f"; exit 1; }
    done
    sha256sum --quiet -c SHA256SUMS || { echo "::error::imagesync action: the files of release $TAG do not match its SHA256SUMS"; exit 1; }
  fi
  chmod +x imagesync
  echo "$DIR" >> "$GITHUB_PATH"
else
  mvn -B -q -f "$GITHUB_ACTION_PATH/pom.xml" package -DskipTests
  echo "$GITHUB_ACTION_PATH/bin" >> "$GITHUB_PATH"
fi
