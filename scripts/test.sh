#!/usr/bin/env bash
# The project's test command: installs what a fresh Debian/Ubuntu machine lacks (the CNCF
# distribution registry and skopeo, which the tests run against; MariaDB for the queue's tests;
# squid for the proxy's; npm for the workflow linter), lints the GitHub Actions files, then builds
# and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v npx >/dev/null 2>&1 || need+=(npm)
command -v git >/dev/null 2>&1 || need+=(git)
command -v zsh >/dev/null 2>&1 || need+=(zsh)   # the completion script is tried in zsh too
# The queue's tests start their own server on a free port with a temporary data directory.
{ command -v mariadbd || [[ -x /usr/sbin/mariadbd ]]; } >/dev/null 2>&1 || need+=(mariadb-server)
# The proxy's tests start a real squid (with basic_ncsa_auth) on a free port as well.
{ [[ -x /usr/sbin/squid && -x /usr/lib/squid/basic_ncsa_auth ]]; } || need+=(squid)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "test.sh: please install: ${need[*]} (apt-get install -y ${need[*]})" >&2; exit 1; fi
  echo "test.sh: installing ${need[*]}" >&2
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${need[@]}"
fi

# action.yml and the workflows, with a real linter (@action-validator/cli from the npm registry).
scripts/lint-actions.sh

# Debian's packages also install system services (a registry on 5000, MariaDB on 3306, squid on 3128); the tests
# start their own on free ports and never use them.
exec mvn -B verify "$@"
