#!/usr/bin/env python3
"""seed-many.py REGISTRY REPOS TAGS: REPOS repositories (scale/app0001 ...) of TAGS tags each (t001 ...) in
a plain-HTTP registry, fast: one tiny image whose two blobs are uploaded once and mounted into every
other repository, then one manifest PUT per tag. For bench/scale.sh (thousands of tags in seconds)."""
import hashlib, json, sys, urllib.request

reg, repos, tags = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}).encode()
layer = b"scale layer " * 100
def digest(b): return "sha256:" + hashlib.sha256(b).hexdigest()

def call(method, url, data=None, headers=None):
    req = urllib.request.Request("http://" + reg + url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req) as r:
        return r.status, r.headers

def upload(repo, blob):
    _, h = call("POST", f"/v2/{repo}/blobs/uploads/")
    loc = h["Location"]; loc = loc[loc.index("/v2/"):] if "://" in loc else loc
    call("PUT", loc + ("&" if "?" in loc else "?") + "digest=" + digest(blob), blob, {"Content-Type": "application/octet-stream"})

manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config), "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest(layer), "size": len(layer)}]}).encode()
first = "scale/app0001"
for i in range(1, repos + 1):
    repo = f"scale/app{i:04d}"
    if i == 1:
        upload(repo, config); upload(repo, layer)
    else:
        for b in (config, layer):
            call("POST", f"/v2/{repo}/blobs/uploads/?mount={digest(b)}&from={first}")
    for t in range(1, tags + 1):
        call("PUT", f"/v2/{repo}/manifests/t{t:03d}", manifest, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
print(f"{repos} repositories x {tags} tags in {reg}")
