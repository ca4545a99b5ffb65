#!/usr/bin/env bash
# Generates the TestChains scenarios with the openssl CLI.
#
#   ./generate.sh         creates only what does not exist yet: missing CA material in ca/ and missing scenario
#                         folders. Existing files are never touched; existing ca/*.key and ca/*.crt are reused as
#                         issuers, so committed fixtures stay byte-identical.
#   ./generate.sh --all   wipes ca/ and every scenario folder, then regenerates everything from scratch
#                         (new keys: every committed certificate changes).
#
# Keys are throwaway test keys, committed on purpose so that tests need no generation step.
# Healthy certificates are valid 2024-01-01 .. 2099-12-31 (fixtures must not rot); expired ones use fixed
# past dates. Tests judge them with a fixed clock (2026-06-01T00:00:00Z).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

mode=missing
case "${1:-}" in
  "") ;;
  --all) mode=all ;;
  *) echo "usage: $0 [--all]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
partial=""
# A scenario folder that failed half-way is removed, so that the next plain run builds it again.
trap 'rm -rf "$work"; [ -z "$partial" ] || rm -rf "$here/$partial"' EXIT

START=20240101000000Z
END=20991231235959Z
OLD_START=20200101000000Z
OLD_END=20210101000000Z
# 19 days after the tests' fixed clock (2026-06-01T00:00:00Z), inside the default 30-day warning window.
SOON_END=20260620000000Z
O="/O=chaindoctor test"

cat > "$work/ext.cnf" <<'CNF'
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ca_pathlen0_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

# A CA that may issue only for names under example.com (RFC 5280 §4.2.1.10 nameConstraints).
[ ca_nc_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, permitted;DNS:.example.com

# An "intermediate" that is not a CA: no CA:TRUE, no keyCertSign.
[ not_ca_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = ${ENV::SAN}

# ECDSA keys cannot encipher: digitalSignature only.
[ ec_leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = ${ENV::SAN}

# A leaf that says where its issuer can be downloaded (authorityInformationAccess caIssuers).
[ leaf_aia_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = ${ENV::SAN}
authorityInfoAccess = caIssuers;URI:http://pki.chaindoctor.test/intermediate.crt

# No subjectAltName at all: the name is only in the subject CN.
[ leaf_nosan_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

# A client certificate: extendedKeyUsage clientAuth only.
[ client_only_leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
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

# sign OUT CSR ISSUER_CERT ISSUER_KEY EXT START END [MD]   (ISSUER_CERT "-" self-signs)
# Serial numbers are random (positive, 64 bits), so certificates made in different runs never share one.
sign() {
  local out=$1 csr=$2 issuer_cert=$3 issuer_key=$4 ext=$5 start=$6 end=$7 md=${8:-sha256}
  local db
  db="$(mktemp -d "$work/db.XXXXXX")"
  : > "$db/index.txt"
  openssl rand -hex 8 | sed 's/^./1/' > "$db/serial"
  cat > "$db/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
database = $db/index.txt
serial = $db/serial
new_certs_dir = $db
default_md = $md
policy = any
unique_subject = no
copy_extensions = none
[ any ]
organizationName = optional
commonName = supplied
CNF
  local issuer=(-cert "$issuer_cert")
  [ "$issuer_cert" = "-" ] && issuer=(-selfsign)
  openssl ca -batch -notext -config "$db/ca.cnf" "${issuer[@]}" -keyfile "$issuer_key" -md "$md" \
    -in "$csr" -out "$out" -startdate "$start" -enddate "$end" \
    -extfile "$work/ext.cnf" -extensions "$ext" >"$db/log" 2>&1 \
    || { echo "signing $out failed:" >&2; cat "$db/log" >&2; exit 1; }
}

# key PATH [rsa2048|rsa1024|ec256]
key() {
  case "${2:-rsa2048}" in
    rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null ;;
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$1" 2>/dev/null ;;
    ec256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve \
             -out "$1" 2>/dev/null ;;
    *) echo "unknown key type $2" >&2; exit 1 ;;
  esac
  chmod 644 "$1"
}
# csr KEY SUBJECT OUT
csr() { openssl req -new -key "$1" -subj "$2" -out "$3" 2>/dev/null; }

# have_ca NAME: true (and nothing is done) when ca/NAME.crt already exists.
have_ca() {
  [ -f "ca/$1.crt" ] || return 1
  [ -f "ca/$1.key" ] || [ -n "${2:-}" ] || { echo "ca/$1.crt exists but ca/$1.key does not" >&2; exit 1; }
  return 0
}
# root NAME CN START END [KEYTYPE]
root() {
  have_ca "$1" && return 0
  [ -f "ca/$1.key" ] || key "ca/$1.key" "${5:-rsa2048}"
  csr "ca/$1.key" "$O/CN=$2" "$work/$1.csr"
  sign "ca/$1.crt" "$work/$1.csr" - "ca/$1.key" ca_ext "$3" "$4"
}
# intermediate NAME CN ISSUER START END [EXT] [KEYTYPE]
intermediate() {
  have_ca "$1" && return 0
  [ -f "ca/$1.key" ] || key "ca/$1.key" "${7:-rsa2048}"
  csr "ca/$1.key" "$O/CN=$2" "$work/$1.csr"
  sign "ca/$1.crt" "$work/$1.csr" "ca/$3.crt" "ca/$3.key" "${6:-ca_ext}" "$4" "$5"
}
# cross_certificate NAME KEY_OF CN ISSUER: a second certificate (ca/NAME.crt, no key file of its own) for
# the subject CN and the key ca/KEY_OF.key, issued by ca/ISSUER.
cross_certificate() {
  have_ca "$1" nokey && return 0
  csr "ca/$2.key" "$O/CN=$3" "$work/$1.csr"
  sign "ca/$1.crt" "$work/$1.csr" "ca/$4.crt" "ca/$4.key" ca_ext $START $END
}
# leaf DIR CN SAN ISSUER START END [EXT] [KEYTYPE] [MD]: DIR/broker.key and $work/leaf.crt
leaf() {
  mkdir -p "$1"
  key "$1/broker.key" "${8:-rsa2048}"; csr "$1/broker.key" "$O/CN=$2" "$work/leaf.csr"
  SAN="$3" sign "$work/leaf.crt" "$work/leaf.csr" "ca/$4.crt" "ca/$4.key" "${7:-leaf_ext}" "$5" "$6" "${9:-sha256}"
}

GOOD_SAN="DNS:broker.test, DNS:localhost, IP:127.0.0.1"

if [ "$mode" = all ]; then
  rm -rf ca
  for d in */; do
    d=${d%/}
    [ -f "$d/mosquitto.conf" ] && rm -rf "$d"
  done
fi
mkdir -p ca

# CA material. Each is made only when ca/NAME.crt is missing; existing ones are reused as issuers.
root root "chaindoctor Test Root CA" $START $END
intermediate intermediate "chaindoctor Test Intermediate CA" root $START $END
root other-root "chaindoctor Other Root CA" $START $END
intermediate expired-intermediate "chaindoctor Expired Intermediate CA" root $OLD_START $OLD_END
intermediate intermediate-1 "chaindoctor Test Intermediate CA 1" root $START $END
intermediate intermediate-2 "chaindoctor Test Intermediate CA 2" intermediate-1 $START $END
root ec-root "chaindoctor EC Root CA" $START $END ec256
intermediate ec-intermediate "chaindoctor EC Intermediate CA" ec-root $START $END ca_ext ec256
# Same subject as ca/intermediate.crt, new key, issued by the root: the leaf's issuer name matches it, its key does not.
intermediate intermediate-rekeyed "chaindoctor Test Intermediate CA" root $START $END
root cross-root "chaindoctor Cross Root CA" $START $END
# The intermediate's subject and key (ca/intermediate.key), certified a second time by the cross root.
cross_certificate intermediate-cross intermediate "chaindoctor Test Intermediate CA" cross-root
# The test root's subject and key (ca/root.key), certified by the cross root (as ISRG Root X1 by DST Root CA X3).
cross_certificate root-cross root "chaindoctor Test Root CA" cross-root
intermediate not-a-ca "chaindoctor Not-a-CA Intermediate" root $START $END not_ca_ext
intermediate pathlen0-intermediate "chaindoctor Pathlen0 Intermediate CA" root $START $END ca_pathlen0_ext
intermediate sub-intermediate "chaindoctor Sub Intermediate CA" pathlen0-intermediate $START $END
intermediate nc-intermediate "chaindoctor Name-Constrained Intermediate CA" root $START $END ca_nc_ext
# Issues the client certificates brokers with require_certificate accept.
root client-root "chaindoctor Client CA" $START $END

# finish DIR README [BROKER_CA] [CIPHERS]: mosquitto.conf template, broker-ca.crt (the root only) and README.
finish() {
  local dir=$1 readme=$2 broker_ca=${3:-root} ciphers=${4:-}
  cp "ca/$broker_ca.crt" "$dir/broker-ca.crt"
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
  if [ -n "$ciphers" ]; then
    cat >> "$dir/mosquitto.conf" <<CONF
# The weak certificate loads only at this OpenSSL security level; tls_version above (a minimum in mosquitto 2)
# keeps TLS 1.1 off, which the lower level would otherwise re-enable.
ciphers $ciphers
CONF
  fi
}

# ---- the scenarios: one function each, run only when its folder does not exist ----

scenario_healthy() {
  leaf healthy broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > healthy/broker.crt
  cp ca/root.crt healthy/client-ca.crt
  finish healthy "healthy: root -> intermediate -> leaf, certfile = leaf + intermediate; every client that trusts the root accepts it."
}

scenario_leaf_only() {
  leaf leaf-only broker.test "$GOOD_SAN" intermediate $START $END
  cp "$work/leaf.crt" leaf-only/broker.crt
  cp ca/root.crt leaf-only/client-ca.crt
  finish leaf-only "leaf-only: certfile holds only the leaf; a client trusting only the root fails with 'unable to get local issuer certificate' (20)."
}

scenario_wrong_order() {
  leaf wrong-order broker.test "$GOOD_SAN" intermediate-2 $START $END
  cat "$work/leaf.crt" ca/intermediate-1.crt ca/intermediate-2.crt > wrong-order/broker.crt
  cp ca/root.crt wrong-order/client-ca.crt
  finish wrong-order "wrong-order: root -> intermediate 1 -> intermediate 2 -> leaf, certfile = leaf, intermediate 1, intermediate 2 (intermediates reversed); OpenSSL clients re-order and accept, strict TLS 1.2 clients may not."
}

scenario_expired_leaf() {
  leaf expired-leaf broker.test "$GOOD_SAN" intermediate $OLD_START $OLD_END
  cat "$work/leaf.crt" ca/intermediate.crt > expired-leaf/broker.crt
  cp ca/root.crt expired-leaf/client-ca.crt
  finish expired-leaf "expired-leaf: the broker's certificate expired on 2021-01-01; clients fail with 'certificate has expired' (10)."
}

scenario_expired_intermediate() {
  leaf expired-intermediate broker.test "$GOOD_SAN" expired-intermediate $START $END
  cat "$work/leaf.crt" ca/expired-intermediate.crt > expired-intermediate/broker.crt
  cp ca/root.crt expired-intermediate/client-ca.crt
  finish expired-intermediate "expired-intermediate: the intermediate expired on 2021-01-01 (the leaf is current); clients fail with 'certificate has expired' (10) at depth 1."
}

scenario_hostname_mismatch() {
  leaf hostname-mismatch other.example "DNS:other.example" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > hostname-mismatch/broker.crt
  cp ca/root.crt hostname-mismatch/client-ca.crt
  finish hostname-mismatch "hostname-mismatch: the certificate names only other.example; a client dialling broker.test fails with 'hostname mismatch' (62)."
}

scenario_untrusted_root() {
  [ -f healthy/broker.crt ] || { echo "untrusted-root needs healthy/" >&2; exit 1; }
  mkdir -p untrusted-root
  cp healthy/broker.crt healthy/broker.key untrusted-root/
  cp ca/other-root.crt untrusted-root/client-ca.crt
  finish untrusted-root "untrusted-root: the broker serves the healthy chain, but the client's cafile holds another CA ('chaindoctor Other Root CA'); clients fail with 'unable to get local issuer certificate' (20)."
}

scenario_self_signed_leaf() {
  mkdir -p self-signed-leaf
  key self-signed-leaf/broker.key
  csr self-signed-leaf/broker.key "$O/CN=broker.test" "$work/ss.csr"
  SAN="$GOOD_SAN" sign self-signed-leaf/broker.crt "$work/ss.csr" - self-signed-leaf/broker.key selfsigned_leaf_ext $START $END
  cp ca/root.crt self-signed-leaf/client-ca.crt
  finish self-signed-leaf "self-signed-leaf: the broker serves a self-signed certificate; a client trusting the test root fails with 'self-signed certificate' (18)."
}

scenario_healthy_ecdsa() {
  leaf healthy-ecdsa broker.test "$GOOD_SAN" ec-intermediate $START $END ec_leaf_ext ec256
  cat "$work/leaf.crt" ca/ec-intermediate.crt > healthy-ecdsa/broker.crt
  cp ca/ec-root.crt healthy-ecdsa/client-ca.crt
  finish healthy-ecdsa "healthy-ecdsa: EC P-256 root -> EC P-256 intermediate -> EC P-256 leaf (ECDSA-SHA256 signatures), certfile = leaf + intermediate; a client trusting the EC root accepts it (0 ok)." ec-root
}

scenario_three_level_missing_middle() {
  leaf three-level-missing-middle broker.test "$GOOD_SAN" intermediate-2 $START $END
  cat "$work/leaf.crt" ca/intermediate-2.crt > three-level-missing-middle/broker.crt
  cp ca/root.crt three-level-missing-middle/client-ca.crt
  finish three-level-missing-middle "three-level-missing-middle: root -> intermediate 1 -> intermediate 2 -> leaf, certfile = leaf + intermediate 2 (intermediate 1 missing); a client trusting the root fails with 'unable to get local issuer certificate' (20) at depth 1."
}

scenario_ip_san() {
  leaf ip-san "chaindoctor IP-only broker" "IP:127.0.0.1" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > ip-san/broker.crt
  cp ca/root.crt ip-san/client-ca.crt
  finish ip-san "ip-san: the leaf's only subjectAltName is IP:127.0.0.1 (no DNS name; CN 'chaindoctor IP-only broker'); a client dialling 127.0.0.1 accepts it (0 ok), one dialling broker.test fails with 'hostname mismatch' (62)."
}

scenario_wildcard() {
  leaf wildcard "*.mqtt.test" "DNS:*.mqtt.test" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > wildcard/broker.crt
  cp ca/root.crt wildcard/client-ca.crt
  finish wildcard "wildcard: the leaf names only DNS:*.mqtt.test; dial broker.mqtt.test (0 ok); a.b.mqtt.test and mqtt.test fail with 'hostname mismatch' (62), and so does broker.test."
}

scenario_cn_only() {
  leaf cn-only broker.test "" intermediate $START $END leaf_nosan_ext
  cat "$work/leaf.crt" ca/intermediate.crt > cn-only/broker.crt
  cp ca/root.crt cn-only/client-ca.crt
  finish cn-only "cn-only: the leaf has CN=broker.test and no subjectAltName at all; OpenSSL 3 falls back to the CN when there is no DNS subjectAltName and accepts broker.test (0 ok), but a client dialling 127.0.0.1 fails with 'IP address mismatch' (64), and clients that ignore the CN (browsers, Go 1.15 and later) reject it."
}

scenario_rekeyed_intermediate() {
  leaf rekeyed-intermediate broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate-rekeyed.crt > rekeyed-intermediate/broker.crt
  cp ca/root.crt rekeyed-intermediate/client-ca.crt
  finish rekeyed-intermediate "rekeyed-intermediate: certfile = leaf + an intermediate with the issuer's name but a new key (the leaf was signed by the old key); OpenSSL fails with 'unable to get local issuer certificate' (20) at depth 0."
}

scenario_cross_signed() {
  leaf cross-signed broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt ca/intermediate-cross.crt > cross-signed/broker.crt
  cp ca/root.crt cross-signed/client-ca.crt
  cp ca/cross-root.crt cross-signed/client-ca-cross.crt
  finish cross-signed "cross-signed: certfile = leaf + intermediate (issued by the test root) + the same intermediate (same name and key) issued by 'chaindoctor Cross Root CA'; trusting the test root (client-ca.crt) verifies (0 ok), but trusting only the cross root (client-ca-cross.crt) OpenSSL fails with 'unable to get local issuer certificate' (20) at depth 1: it takes the first intermediate with the right name and key and does not backtrack to the second."
}

scenario_cross_signed_root() {
  leaf cross-signed-root broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt ca/root-cross.crt > cross-signed-root/broker.crt
  cp ca/root.crt cross-signed-root/client-ca.crt
  cp ca/cross-root.crt cross-signed-root/client-ca-cross.crt
  finish cross-signed-root "cross-signed-root: certfile = leaf + intermediate + the test root cross-signed by 'chaindoctor Cross Root CA' (the Let's Encrypt layout); two valid paths: trusting the test root (client-ca.crt) OpenSSL stops at the root (3 certificates), trusting the cross root (client-ca-cross.crt) it goes through the cross-signed root (4); both 0 ok."
}

scenario_weak_key() {
  leaf weak-key broker.test "$GOOD_SAN" intermediate $START $END leaf_ext rsa1024
  cat "$work/leaf.crt" ca/intermediate.crt > weak-key/broker.crt
  cp ca/root.crt weak-key/client-ca.crt
  finish weak-key "weak-key: the leaf has a 1024-bit RSA key; mosquitto needs @SECLEVEL=1 to load it, OpenSSL clients at security level 2 fail with 'EE certificate key too weak' (66)." root "DEFAULT:@SECLEVEL=1"
}

scenario_sha1_signature() {
  leaf sha1-signature broker.test "$GOOD_SAN" intermediate $START $END leaf_ext rsa2048 sha1
  cat "$work/leaf.crt" ca/intermediate.crt > sha1-signature/broker.crt
  cp ca/root.crt sha1-signature/client-ca.crt
  finish sha1-signature "sha1-signature: the leaf is signed with SHA-1 (sha1WithRSAEncryption); mosquitto needs @SECLEVEL=0 to load it, OpenSSL clients at security level 1 or 2 fail with 'CA signature digest algorithm too weak' (68)." root "DEFAULT:@SECLEVEL=0"
}

scenario_no_server_auth() {
  leaf no-server-auth broker.test "$GOOD_SAN" intermediate $START $END client_only_leaf_ext
  cat "$work/leaf.crt" ca/intermediate.crt > no-server-auth/broker.crt
  cp ca/root.crt no-server-auth/client-ca.crt
  finish no-server-auth "no-server-auth: the leaf's extendedKeyUsage is clientAuth only (no serverAuth); OpenSSL clients fail with 'unsuitable certificate purpose' (26)."
}

scenario_ca_flag_missing() {
  leaf ca-flag-missing broker.test "$GOOD_SAN" not-a-ca $START $END
  cat "$work/leaf.crt" ca/not-a-ca.crt > ca-flag-missing/broker.crt
  cp ca/root.crt ca-flag-missing/client-ca.crt
  finish ca-flag-missing "ca-flag-missing: the leaf's issuer 'chaindoctor Not-a-CA Intermediate' has basicConstraints CA:FALSE and keyUsage digitalSignature only; OpenSSL fails with 'invalid CA certificate' (79) at depth 1."
}

scenario_expiring_soon() {
  leaf expiring-soon broker.test "$GOOD_SAN" intermediate $START $SOON_END
  cat "$work/leaf.crt" ca/intermediate.crt > expiring-soon/broker.crt
  cp ca/root.crt expiring-soon/client-ca.crt
  finish expiring-soon "expiring-soon: the leaf expires 2026-06-20T00:00:00Z, 19 days after the tests' fixed clock (2026-06-01T00:00:00Z): valid then (0 ok) but inside the 30-day warning window; on the real clock it has expired since 2026-06-20 (10 certificate has expired), so live mosquitto tests see an expired leaf."
}

scenario_contains_anchor() {
  leaf contains-anchor broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt ca/root.crt > contains-anchor/broker.crt
  cp ca/root.crt contains-anchor/client-ca.crt
  finish contains-anchor "contains-anchor: healthy chain, but certfile = leaf + intermediate + the root itself (the trust anchor is sent, wasting bytes); clients accept it (0 ok)."
}

scenario_duplicate_and_extra() {
  leaf duplicate-and-extra broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt ca/intermediate.crt ca/other-root.crt > duplicate-and-extra/broker.crt
  cp ca/root.crt duplicate-and-extra/client-ca.crt
  finish duplicate-and-extra "duplicate-and-extra: certfile = leaf + intermediate + the same intermediate again + 'chaindoctor Other Root CA' (not on the path); OpenSSL ignores both extras and accepts it (0 ok)."
}

scenario_path_length() {
  leaf path-length broker.test "$GOOD_SAN" sub-intermediate $START $END
  cat "$work/leaf.crt" ca/sub-intermediate.crt ca/pathlen0-intermediate.crt > path-length/broker.crt
  cp ca/root.crt path-length/client-ca.crt
  finish path-length "path-length: root -> intermediate with pathlen:0 -> sub-intermediate (a CA below it, which pathlen:0 forbids) -> leaf, certfile = leaf + sub-intermediate + intermediate; OpenSSL fails with 'path length constraint exceeded' (25) at depth 2."
}

# client CERT_BASENAME DIR CN ISSUER: a client certificate (extendedKeyUsage clientAuth) and its key.
client() {
  key "$2/$1.key" rsa2048; csr "$2/$1.key" "$O/CN=$3" "$work/$1.csr"
  SAN="DNS:$3" sign "$2/$1.crt" "$work/$1.csr" "ca/$4.crt" "ca/$4.key" client_only_leaf_ext $START $END
}

scenario_mtls_required() {
  leaf mtls-required broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > mtls-required/broker.crt
  cp ca/root.crt mtls-required/client-ca.crt
  client client mtls-required "chaindoctor test client" client-root
  client stranger mtls-required "chaindoctor stranger" other-root
  finish mtls-required "mtls-required: healthy chain; the broker requires a client certificate from 'chaindoctor Client CA' (client.crt/client.key); stranger.crt is issued by 'chaindoctor Other Root CA', which the broker does not trust (alert unknown ca); without a certificate the broker refuses with 'certificate required'."
  # The broker's cafile verifies clients: the client CA (and the root, for its own chain building).
  cat ca/root.crt ca/client-root.crt > mtls-required/broker-ca.crt
  cat >> mtls-required/mosquitto.conf <<'CONF'
require_certificate true
CONF
}

scenario_tls11() {
  leaf tls11 broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > tls11/broker.crt
  cp ca/root.crt tls11/client-ca.crt
  finish tls11 "tls11: healthy chain, but the listener still accepts TLS 1.1 (tls_version tlsv1.1 with @SECLEVEL=0, the only way mosquitto 2 serves it)."
  sed -i 's/^tls_version tlsv1.2$/tls_version tlsv1.1\nciphers DEFAULT:@SECLEVEL=0/' tls11/mosquitto.conf
}

scenario_plain_listener() {
  mkdir -p plain-listener
  printf '%s\n' "plain-listener: a listener without certfile/keyfile speaks MQTT without TLS; a TLS client gets 'wrong version number' or a closed connection." > plain-listener/README
  cat > plain-listener/mosquitto.conf <<'CONF'
# mosquitto.conf template: @PORT@ is filled in by TestChains/serve.sh and the tests.
# A listener with no certificate lines is plain MQTT.
persistence false
allow_anonymous true
user root
log_dest stdout
listener @PORT@ 127.0.0.1
CONF
}

scenario_leaf_only_aia() {
  leaf leaf-only-aia broker.test "$GOOD_SAN" intermediate $START $END leaf_aia_ext
  cp "$work/leaf.crt" leaf-only-aia/broker.crt
  cp ca/root.crt leaf-only-aia/client-ca.crt
  finish leaf-only-aia "leaf-only-aia: like leaf-only, but the leaf names where its issuer is published (AIA caIssuers http://pki.chaindoctor.test/intermediate.crt); OpenSSL clients do not fetch it and fail with 'unable to get local issuer certificate' (20)."
}

scenario_name_constraints() {
  leaf name-constraints broker.test "$GOOD_SAN" nc-intermediate $START $END
  cat "$work/leaf.crt" ca/nc-intermediate.crt > name-constraints/broker.crt
  cp ca/root.crt name-constraints/client-ca.crt
  finish name-constraints "name-constraints: root -> intermediate with nameConstraints permitted;DNS:.example.com (critical) -> leaf for broker.test, certfile = leaf + intermediate; OpenSSL fails with 'permitted subtree violation' (47), and check and probe report name_constraint_violated (found by the strict validator)."
}

scenario_mqtt_auth() {
  leaf mqtt-auth broker.test "$GOOD_SAN" intermediate $START $END
  cat "$work/leaf.crt" ca/intermediate.crt > mqtt-auth/broker.crt
  cp ca/root.crt mqtt-auth/client-ca.crt
  finish mqtt-auth "mqtt-auth: healthy chain; anonymous clients are refused; user 'probe' with password 'chaindoctor-test-password' may read and write chaindoctor/allowed/# and nothing else (acl)."
  sed -i 's/^allow_anonymous true$/allow_anonymous false\npassword_file @DIR@\/passwords\nacl_file @DIR@\/acl/' mqtt-auth/mosquitto.conf
  : > mqtt-auth/passwords
  mosquitto_passwd -b mqtt-auth/passwords probe chaindoctor-test-password
  printf 'user probe\ntopic readwrite chaindoctor/allowed/#\n' > mqtt-auth/acl
}

SCENARIOS=(healthy leaf-only wrong-order expired-leaf expired-intermediate hostname-mismatch untrusted-root
  self-signed-leaf healthy-ecdsa three-level-missing-middle ip-san wildcard cn-only rekeyed-intermediate cross-signed
  cross-signed-root weak-key sha1-signature no-server-auth ca-flag-missing expiring-soon contains-anchor duplicate-and-extra path-length
  mtls-required tls11 plain-listener mqtt-auth leaf-only-aia name-constraints)

made=() kept=()
for s in "${SCENARIOS[@]}"; do
  if [ -e "$s" ]; then kept+=("$s"); continue; fi
  partial=$s
  mkdir "$s"
  "scenario_${s//-/_}"
  partial=""
  made+=("$s")
done

echo "generated: ${made[*]:-(nothing)}"
[ ${#kept[@]} -eq 0 ] || echo "kept as they were: ${kept[*]} (./generate.sh --all regenerates everything)"
