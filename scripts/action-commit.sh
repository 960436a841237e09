#!/usr/bin/env bash
# action.yml, step "Commit the records": commits transfer_history.md, image_list.md and the list
# files the run changed (an added image) back to the branch, rebasing over concurrent pushes.
set -euo pipefail
git config user.name 'github-actions[bot]'
git config user.email 'github-actions[bot]@users.noreply.github.com'
for f in transfer_history.md image_list.md images.md upload/images.md; do
  [[ -f $f ]] && git add -- "$f"
done
if git diff --cached --quiet; then
  echo "imagesync: no records to commit"
  exit 0
fi
git commit -q -m "imagesync: records of run ${GITHUB_RUN_ID:-local}"
for attempt in 1 2 3; do
  if git pull -q --rebase --autostash && git push -q; then
    exit 0
  fi
  sleep $((attempt * 5))
done
echo "::warning::imagesync: could not push the records (the workflow needs permissions: contents: write)"
