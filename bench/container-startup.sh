#!/usr/bin/env bash
# bench/container-startup.sh [RUNS]: what the container image's start costs, measured from its own
# layers as ContainerImageIT runs them (this machine cannot run containers): the image is built by
# Jib into a tarball (`mvn jib:buildTar`, linux/amd64) on a stand-in base pushed to a loopback
# registry, its application layers are unpacked, and its entrypoint — the JVM flags and classpath
# Jib wrote — is run with this machine's JDK 17 (the base image's, eclipse-temurin:17-jre) on a
# no-op copy between two loopback registries (plain HTTP, then TLS named by host name with
# --ca-cert), against bin/imagesync on the same JDK 17 (its class-data archive) and on JDK 25 (its
# ahead-of-time cache). RUNS runs of each, in turn, after one warm-up each (default 10); medians of
# wall and CPU time by /usr/bin/time. Needs what bench/startup.sh needs, and Maven.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-10}
jar=$here/../target/imagesync.jar
[[ -f $jar ]] || { echo "bench/container-startup.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25-jdk-* 2>/dev/null | head -1)}
[[ -x $jdk17/bin/java && -x $jdk25/bin/java ]] || { echo "bench/container-startup.sh: needs JDK 17 and 25 (JDK17=, JDK25=)" >&2; exit 1; }
work=$(mktemp -d)
trap '"$here/registries.sh" stop "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
host=$("$here/hosts.sh")

"$here/registries.sh" start "$work" >/dev/null
python3 "$here/mkimage.py" "$work/base" --arches amd64 --layers 1 --size 1000 --seed jre >/dev/null
skopeo copy -q --dest-tls-verify=false "oci:$work/base:latest" "docker://127.0.0.1:5001/base/jre:17" >/dev/null
(cd "$here/.." && mvn -B -q -Djib.allowInsecureRegistries=true -Djib.console=plain jib:buildTar \
  -Dimagesync.image.base=127.0.0.1:5001/base/jre:17 -Djib.from.platforms=linux/amd64 -Djib.outputPaths.tar="$work/image.tar")
mkdir -p "$work/tar" "$work/root"
tar -xf "$work/image.tar" -C "$work/tar" 2>/dev/null
python3 - "$work/tar" "$work/root" > "$work/entrypoint" <<'EOF'
import json, subprocess, sys
tar, root = sys.argv[1], sys.argv[2]
manifest = json.load(open(f"{tar}/manifest.json"))[0]
for layer in manifest["Layers"][1:]:  # the base's layer is a stand-in: not a file system
    subprocess.run(["tar", "-xzpf", f"{tar}/{layer}", "-C", root], check=True, stderr=subprocess.DEVNULL)  # Jib writes pax keywords GNU tar does not know
config = json.load(open(f"{tar}/{manifest['Config']}"))["config"]
entry = config["Entrypoint"]
cp = open(f"{root}/app/jib-classpath-file").read().strip().replace("/app/", f"{root}/app/")
print("\n".join(entry[1:entry.index("-cp")] + ["-cp", cp, entry[-1]]))
EOF
mapfile -t entry < "$work/entrypoint"
python3 "$here/mkimage.py" "$work/image" --arches amd64,arm64 --layers 2 --size 100000 --seed startup >/dev/null
mkdir -p "$work/jar" && cp "$jar" "$work/jar/imagesync.jar"
cd "$work"

measure() { # LABEL CMD...: RUNS timed runs after one warm-up; prints "LABEL wall cpu" medians
  local label=$1; shift
  "$@" >/dev/null 2>&1 || { echo "bench/container-startup.sh: $label failed: $*" >&2; "$@"; exit 1; }
  : > "$work/t"
  for _ in $(seq "$runs"); do
    local start=$EPOCHREALTIME
    /usr/bin/time -f "%U %S" -o "$work/last" "$@" >/dev/null 2>&1
    local end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" '{ printf "%.4f %.3f\n", e - s, $1 + $2 }' "$work/last" >> "$work/t"
  done
  python3 -c "import statistics,sys; r=[list(map(float,l.split())) for l in open('$work/t')]; print(f'| {sys.argv[1]} | {statistics.median(x[0] for x in r):.3f} s | {statistics.median(x[1] for x in r):.2f} s |')" "$label"
}

for mode in plain tls; do
  "$here/registries.sh" stop "$work" >/dev/null 2>&1 || true
  if [[ $mode == tls ]]; then
    TLS=1 "$here/registries.sh" start "$work" >/dev/null; name=$host tls=(--ca-cert "$work/tls/ca.crt")
  else
    "$here/registries.sh" start "$work" >/dev/null; name=127.0.0.1 tls=()
  fi
  skopeo copy -q --all --dest-tls-verify=false "oci:$work/image:latest" "docker://127.0.0.1:5001/startup/app:v1" >/dev/null
  skopeo copy -q --all --src-tls-verify=false --dest-tls-verify=false docker://127.0.0.1:5001/startup/app:v1 docker://127.0.0.1:5002/startup/app:v1 >/dev/null
  args=(copy --no-history "${tls[@]}" "$name:5001/startup/app:v1" "$name:5002/startup/app:v1")
  echo "| $mode: no-op copy | wall | CPU |"
  echo "|---|---|---|"
  measure "image entrypoint, JDK 17" "$jdk17/bin/java" "${entry[@]}" "${args[@]}"
  measure "image entrypoint, JDK 25" "$jdk25/bin/java" "${entry[@]}" "${args[@]}"
  measure "bin/imagesync, JDK 17 + class-data archive" env IMAGESYNC_JAR="$work/jar/imagesync.jar" IMAGESYNC_JAVA="$jdk17/bin/java" "$here/../bin/imagesync" "${args[@]}"
  measure "bin/imagesync, JDK 25 + AOT cache" env IMAGESYNC_JAR="$work/jar/imagesync.jar" IMAGESYNC_JAVA="$jdk25/bin/java" "$here/../bin/imagesync" "${args[@]}"
done
