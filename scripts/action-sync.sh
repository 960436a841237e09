#!/usr/bin/env bash
# action.yml, step "Sync": runs imagesync sync on the inputs and hands its counts to the action's
# outputs. It always exits 0 after writing exit-code=N: the records are committed first, then
# the action's last step fails with imagesync's status.
set -uo pipefail

# Ends the step before any sync ran: no tags, and the exit code imagesync would have had.
nothing_ran() {
  { echo "copied=0"; echo "skipped=0"; echo "failed=0"; echo "total=0"; echo "exit-code=$1"; } >> "$GITHUB_OUTPUT"
  exit 0
}

args=()
if [[ -n ${MAPPINGS:-} ]]; then
  args+=(--mapping "$MAPPINGS")
else
  if [[ -n ${LISTS:-} ]]; then
    read -r -d '' -a lists <<< "$LISTS"
    args+=("${lists[@]}")
  else
    for f in images.json images.md upload/images.md images.yaml; do
      [[ -f $f ]] && args+=("$f")
    done
  fi
fi
inputs=${#args[@]}  # lists and mappings named (the queue, ARGS and DOCKER_SYNC_MAPPINGS may name more)
# Credentials go with any input: mapping strings name registries that need them too.
if [[ -n ${AUTH_FILE:-} ]]; then
  args+=(--auth "$AUTH_FILE")
elif [[ -f auth.yaml ]]; then
  args+=(--auth auth.yaml)
fi
[[ -n ${DESTINATION:-} ]] && args+=(--to "$DESTINATION")
[[ -n ${ACR_CREATE:-} ]] && args+=(--acr-create "$ACR_CREATE")
if [[ -n ${QUEUE:-} ]]; then
  args+=(--queue "$QUEUE")
  if [[ -n ${QUEUE_ADD:-} ]]; then
    read -r -a adding <<< "$QUEUE_ADD"
    if ! imagesync queue add --queue "$QUEUE" "${adding[@]}"; then
      nothing_ran 1
    fi
  fi
elif [[ -n ${QUEUE_ADD:-} ]]; then
  echo "::error::imagesync: queue-add needs the queue input (mysql or mysql://USER@HOST:PORT/DB)"
  nothing_ran 2
fi
if [[ -n ${ARGS:-} ]]; then
  read -r -a extra <<< "$ARGS"
  args+=("${extra[@]}")
fi
if [[ $inputs -eq 0 && -z ${QUEUE:-} && -z ${ARGS:-} && -z ${DOCKER_SYNC_MAPPINGS:-} ]]; then
  echo "::notice::imagesync: nothing to sync: no list file (images.json, images.md, upload/images.md, images.yaml) and no mappings"
  nothing_ran 0
fi
report=${RUNNER_TEMP:-/tmp}/imagesync-report.json
echo "report=$report" >> "$GITHUB_OUTPUT"
# stderr is shown as it comes and kept, to tell a missing destination apart (imagesync knows
# whether some entry needs one: images.yaml and mapping strings may name every destination).
said=${RUNNER_TEMP:-/tmp}/imagesync-stderr.log
{ imagesync sync "${args[@]}" --report "$report" 2>&1 1>&3 3>&- | tee "$said" >&2; } 3>&1
code=${PIPESTATUS[0]}
if [[ $code -eq 2 ]] && grep -q "no destination for" "$said"; then
  echo "::notice::imagesync: no destination registry is configured. Set the repository secrets ALIYUN_REGISTRY, ALIYUN_NAMESPACE, ALIYUN_USERNAME and ALIYUN_PASSWORD (Settings -> Secrets and variables -> Actions) and pass them in the step's env, or give the action a destination input"
fi
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit 0
