#!/usr/bin/env bash
# certs.sh DIR: the bench's private TLS material in DIR/tls (made once, kept):
#   ca.crt / ca.key          a private CA (what --ca-cert and curl --cacert trust)
#   server.crt / server.key  the registries' and the token service's certificate, for 127.0.0.1,
#                            localhost and the machine's own IPv4 addresses, signed by the CA (RSA 2048, as most public registries serve)
#   token.crt / token.key    the key the token service signs its JWTs with (the registry's
#                            rootcertbundle)
set -euo pipefail
dir=${1:?usage: certs.sh DIR}; t=$dir/tls
mkdir -p "$t"
[[ -s $t/server.crt && -s $t/token.crt ]] && exit 0
cd "$t"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=imagesync-bench-ca -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr 2>/dev/null
# shellcheck disable=SC2046 # the machine's own addresses too (wan.sh's WAN_HOST)
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost%s\nextendedKeyUsage=serverAuth\n' "$(for ip in $(hostname -I 2>/dev/null); do [[ $ip == *.* ]] && printf ',IP:%s' "$ip"; done)" > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=imagesync-bench-token -keyout token.key -out token.crt 2>/dev/null
rm -f server.csr server.ext ca.srl
