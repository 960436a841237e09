#!/usr/bin/env bash
# Lints action.yml and every workflow with @action-validator/cli (the schemas GitHub publishes,
# plus checks of needs, job outputs and globs). Needs npx (Node.js); fetches the validator once.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npx >/dev/null 2>&1 || { echo "lint-actions.sh: needs npx (apt-get install -y npm, or Node.js from nodejs.org)" >&2; exit 1; }
status=0
for f in action.yml .github/workflows/*.yml; do
  # The validator warns that it cannot check path globs yet; that is not a finding.
  if ! out=$(npx --yes @action-validator/cli@0.6.0 "$f" 2>&1); then
    echo "$f:"; echo "$out"; status=1
  fi
done
[[ $status -eq 0 ]] && echo "lint-actions.sh: action.yml and $(ls .github/workflows/*.yml | wc -l) workflows are valid"
exit $status
