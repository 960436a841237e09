#!/usr/bin/env python3
"""tokenserver.py PORT CERTDIR: a bearer token service over https, as Docker Hub, GHCR and ACR have.

  GET /token?service=bench&scope=repository:NAME:pull,push[&scope=...]

Basic credentials bench / bench-pass are granted every scope asked for; no credentials, pull only;
anything else 401. Tokens are RS256 JWTs signed with CERTDIR/token.key (whose certificate is the
registry's rootcertbundle; `kid` is docker/libtrust's key ID), valid 300 s. TLS with
CERTDIR/server.crt (certs.sh). HTTP/1.1 keep-alive, one thread per connection. Counts what it
issued on stderr (one line per token). Signing goes through the openssl command: no Python package
beyond the standard library is needed.
"""
import base64
import hashlib
import http.server
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.parse
import uuid

PORT, CERTS = int(sys.argv[1]), sys.argv[2]
USER, PASSWORD = "bench", "bench-pass"
SERVICE = ISSUER = "bench"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def libtrust_kid():
    der = subprocess.run(
        "openssl x509 -in %s/token.crt -noout -pubkey | openssl pkey -pubin -outform DER" % CERTS,
        shell=True, check=True, capture_output=True).stdout
    b32 = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
    return ":".join(b32[i:i + 4] for i in range(0, len(b32), 4))


KID = libtrust_kid()


def sign(subject, scopes):
    now = int(time.time())
    access = []
    for scope in scopes:
        kind, _, rest = scope.partition(":")
        name, _, actions = rest.rpartition(":")
        if kind and name:
            access.append({"type": kind, "name": name, "actions": actions.split(",")})
    header = {"typ": "JWT", "alg": "RS256", "kid": KID}
    claims = {"iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + 300, "nbf": now - 10,
              "iat": now - 10, "jti": str(uuid.uuid4()), "access": access}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", CERTS + "/token.key"],
                               input=signing_input.encode(), check=True, capture_output=True).stdout
    return signing_input + "." + b64(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        scopes = [s for v in query.get("scope", []) for s in v.split(" ") if s]
        auth = self.headers.get("Authorization")
        expected = "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        if url.path != "/token":
            return self.answer(404, {"details": "not found"})
        if auth is not None and auth != expected:
            return self.answer(401, {"details": "incorrect username or password"})
        if auth is None:  # anonymous: pull only
            scopes = [s.rsplit(":", 1)[0] + ":pull" for s in scopes if "pull" in s.rsplit(":", 1)[-1].split(",")]
        token = sign(USER if auth else "", scopes)
        print("token for %s" % " ".join(scopes), file=sys.stderr, flush=True)
        self.answer(200, {"token": token, "access_token": token, "expires_in": 300})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERTS + "/server.crt", CERTS + "/server.key")
server.socket = context.wrap_socket(server.socket, server_side=True)
print("token service on https://127.0.0.1:%d/token" % PORT, file=sys.stderr, flush=True)
server.serve_forever()
