#!/usr/bin/env bash
# Regenerates every TestChains scenario with the openssl CLI.
# Keys are throwaway test keys, committed on purpose so that tests need no generation step.
# Healthy certificates are valid 2024-01-01 .. 2099-12-31 (fixtures must not rot); expired ones use fixed
# past dates. Tests judge them with a fixed clock (2026-06-01T00:00:00Z).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

START=20240101000000Z
END=20991231235959Z
OLD_START=20200101000000Z
OLD_END=20210101000000Z
O="/O=chaindoctor test"

mkdir -p ca
cat > "$work/ext.cnf" <<'CNF'
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = ${ENV::SAN}

[ selfsigned_leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = ${ENV::SAN}
CNF
export SAN="DNS:unused"

serial=1000
# sign NAME(out) CSR ISSUER_CERT ISSUER_KEY EXT START END
sign() {
  local out=$1 csr=$2 issuer_cert=$3 issuer_key=$4 ext=$5 start=$6 end=$7
  serial=$((serial + 1))
  local db="$work/db.$serial"
  mkdir -p "$db"
  : > "$db/index.txt"
  printf '%04X\n' "$serial" > "$db/serial"
  cat > "$db/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
database = $db/index.txt
serial = $db/serial
new_certs_dir = $db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
organizationName = optional
commonName = supplied
CNF
  local selfsign=()
  [ "$issuer_cert" = "-" ] && selfsign=(-selfsign) && issuer_cert=/dev/null
  openssl ca -batch -notext -config "$db/ca.cnf" "${selfsign[@]}" \
    $( [ "$issuer_cert" != /dev/null ] && echo -cert "$issuer_cert" ) -keyfile "$issuer_key" \
    -in "$csr" -out "$out" -startdate "$start" -enddate "$end" \
    -extfile "$work/ext.cnf" -extensions "$ext" >/dev/null 2>&1 \
    || { echo "signing $out failed" >&2; openssl ca -batch -notext -config "$db/ca.cnf" "${selfsign[@]}" \
         $( [ "$issuer_cert" != /dev/null ] && echo -cert "$issuer_cert" ) -keyfile "$issuer_key" \
         -in "$csr" -out "$out" -startdate "$start" -enddate "$end" -extfile "$work/ext.cnf" -extensions "$ext"; exit 1; }
}

# key PATH
key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; chmod 644 "$1"; }
# csr KEY SUBJECT OUT
csr() { openssl req -new -key "$1" -subj "$2" -out "$3" 2>/dev/null; }

# root NAME CN START END
root() {
  key "ca/$1.key"; csr "ca/$1.key" "$O/CN=$2" "$work/$1.csr"
  sign "ca/$1.crt" "$work/$1.csr" - "ca/$1.key" ca_ext "$3" "$4"
}
# intermediate NAME CN ISSUER START END
intermediate() {
  key "ca/$1.key"; csr "ca/$1.key" "$O/CN=$2" "$work/$1.csr"
  sign "ca/$1.crt" "$work/$1.csr" "ca/$3.crt" "ca/$3.key" ca_ext "$4" "$5"
}
# leaf DIR CN SAN ISSUER START END
leaf() {
  mkdir -p "$1"
  key "$1/broker.key"; csr "$1/broker.key" "$O/CN=$2" "$work/leaf.csr"
  SAN="$3" sign "$work/leaf.crt" "$work/leaf.csr" "ca/$4.crt" "ca/$4.key" leaf_ext "$5" "$6"
}

GOOD_SAN="DNS:broker.test, DNS:localhost, IP:127.0.0.1"

root root "chaindoctor Test Root CA" $START $END
intermediate intermediate "chaindoctor Test Intermediate CA" root $START $END
root other-root "chaindoctor Other Root CA" $START $END
intermediate expired-intermediate "chaindoctor Expired Intermediate CA" root $OLD_START $OLD_END
intermediate intermediate-1 "chaindoctor Test Intermediate CA 1" root $START $END
intermediate intermediate-2 "chaindoctor Test Intermediate CA 2" intermediate-1 $START $END

# scenario DIR README
finish() {
  local dir=$1 readme=$2
  cp ca/root.crt "$dir/broker-ca.crt"
  printf '%s\n' "$readme" > "$dir/README"
  cat > "$dir/mosquitto.conf" <<'CONF'
# mosquitto.conf template: @PORT@ and @DIR@ are filled in by TestChains/serve.sh and the tests.
persistence false
allow_anonymous true
user root
log_dest stdout
listener @PORT@ 127.0.0.1
certfile @DIR@/broker.crt
keyfile @DIR@/broker.key
# The root only: a cafile holding the intermediate would let OpenSSL's automatic chain building repair
# a leaf-only certfile (see shared field notes).
cafile @DIR@/broker-ca.crt
tls_version tlsv1.2
CONF
}

leaf healthy broker.test "$GOOD_SAN" intermediate $START $END
cat "$work/leaf.crt" ca/intermediate.crt > healthy/broker.crt
cp ca/root.crt healthy/client-ca.crt
finish healthy "healthy: root -> intermediate -> leaf, certfile = leaf + intermediate; every client that trusts the root accepts it."

leaf leaf-only broker.test "$GOOD_SAN" intermediate $START $END
cp "$work/leaf.crt" leaf-only/broker.crt
cp ca/root.crt leaf-only/client-ca.crt
finish leaf-only "leaf-only: certfile holds only the leaf; a client trusting only the root fails with 'unable to get local issuer certificate' (20)."

leaf wrong-order broker.test "$GOOD_SAN" intermediate-2 $START $END
cat "$work/leaf.crt" ca/intermediate-1.crt ca/intermediate-2.crt > wrong-order/broker.crt
cp ca/root.crt wrong-order/client-ca.crt
finish wrong-order "wrong-order: root -> intermediate 1 -> intermediate 2 -> leaf, certfile = leaf, intermediate 1, intermediate 2 (intermediates reversed); OpenSSL clients re-order and accept, strict TLS 1.2 clients may not."

leaf expired-leaf broker.test "$GOOD_SAN" intermediate $OLD_START $OLD_END
cat "$work/leaf.crt" ca/intermediate.crt > expired-leaf/broker.crt
cp ca/root.crt expired-leaf/client-ca.crt
finish expired-leaf "expired-leaf: the broker's certificate expired on 2021-01-01; clients fail with 'certificate has expired' (10)."

leaf expired-intermediate broker.test "$GOOD_SAN" expired-intermediate $START $END
cat "$work/leaf.crt" ca/expired-intermediate.crt > expired-intermediate/broker.crt
cp ca/root.crt expired-intermediate/client-ca.crt
finish expired-intermediate "expired-intermediate: the intermediate expired on 2021-01-01 (the leaf is current); clients fail with 'certificate has expired' (10) at depth 1."

leaf hostname-mismatch other.example "DNS:other.example" intermediate $START $END
cat "$work/leaf.crt" ca/intermediate.crt > hostname-mismatch/broker.crt
cp ca/root.crt hostname-mismatch/client-ca.crt
finish hostname-mismatch "hostname-mismatch: the certificate names only other.example; a client dialling broker.test fails with 'hostname mismatch' (62)."

mkdir -p untrusted-root
cp healthy/broker.crt healthy/broker.key untrusted-root/
cp ca/other-root.crt untrusted-root/client-ca.crt
finish untrusted-root "untrusted-root: the broker serves the healthy chain, but the client's cafile holds another CA ('chaindoctor Other Root CA'); clients fail with 'unable to get local issuer certificate' (20)."

mkdir -p self-signed-leaf
key self-signed-leaf/broker.key
csr self-signed-leaf/broker.key "$O/CN=broker.test" "$work/ss.csr"
SAN="$GOOD_SAN" sign self-signed-leaf/broker.crt "$work/ss.csr" - self-signed-leaf/broker.key selfsigned_leaf_ext $START $END
cp ca/root.crt self-signed-leaf/client-ca.crt
finish self-signed-leaf "self-signed-leaf: the broker serves a self-signed certificate; a client trusting the test root fails with 'self-signed certificate' (18)."

echo "generated: $(ls -d */ | tr -d / | tr '\n' ' ')"
