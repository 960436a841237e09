#!/usr/bin/env bash
# certs.sh DIR: the bench's private TLS material in DIR/tls (made once, kept):
#   ca.crt / ca.key          a private CA (what --ca-cert and curl --cacert trust)
#   server.crt / server.key  the registries' and the token service's certificate, for 127.0.0.1,
#                            localhost and the names hosts.sh maps to 127.0.0.1 (registry.imagesync.test,
#                            token.imagesync.test), signed by the CA (RSA 2048, as most public registries serve)
#   token.crt / token.key    the key the token service signs its JWTs with (the registry's
#                            rootcertbundle)
set -euo pipefail
dir=${1:?usage: certs.sh DIR}; t=$dir/tls
mkdir -p "$t"
[[ -s $t/server.crt && -s $t/token.crt ]] && exit 0
cd "$t"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=imagesync-bench-ca -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:registry.imagesync.test,DNS:token.imagesync.test\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=imagesync-bench-token -keyout token.key -out token.crt 2>/dev/null
rm -f server.csr server.ext ca.srl
