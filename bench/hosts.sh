#!/usr/bin/env bash
# bench/hosts.sh: names the bench's TLS registries as an internet registry is named, by host names
# that /etc/hosts maps to 127.0.0.1 (registry.imagesync.test, token.imagesync.test; the private
# CA's certificate carries them). A registry named by a loopback address may be tried over plain
# HTTP first, which none on the internet is; the machine's own LAN address is never used.
# Adds the line when it is missing (as root, or with sudo); prints the registry's name.
set -euo pipefail
names="registry.imagesync.test token.imagesync.test"
if ! grep -qE "^127\.0\.0\.1[[:space:]].*registry\.imagesync\.test" /etc/hosts; then
  line="127.0.0.1 $names"
  if [[ $(id -u) -eq 0 ]]; then
    echo "$line" >> /etc/hosts
  elif command -v sudo >/dev/null 2>&1; then
    echo "$line" | sudo tee -a /etc/hosts >/dev/null
  else
    echo "bench/hosts.sh: add to /etc/hosts: $line" >&2
    exit 1
  fi
fi
echo registry.imagesync.test
