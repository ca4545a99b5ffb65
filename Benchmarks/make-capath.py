#!/usr/bin/env python3
"""Benchmarks/make-capath.py DIR COUNT [EXTRA-PEM...]: a --capath directory of COUNT distinct self-signed CA
certificates (one P-256 key, one subject per CA), plus the EXTRA-PEM files copied in, for `openssl rehash DIR` to
name by subject hash. Needs the `cryptography` package (PyPI)."""
import datetime
import os
import shutil
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

directory, count, extras = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
os.makedirs(directory, exist_ok=True)
key = ec.derive_private_key(0xC4A1D0C7, ec.SECP256R1())
public = key.public_key()
ski = x509.SubjectKeyIdentifier.from_public_key(public)
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
end = datetime.datetime(2099, 12, 31, tzinfo=datetime.timezone.utc)
for i in range(count):
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "chaindoctor benchmark"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"Benchmark CA {i:05d}"),
    ])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(public)
        .serial_number(i + 1).not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    with open(os.path.join(directory, f"ca-{i:05d}.pem"), "wb") as out:
        out.write(certificate.public_bytes(serialization.Encoding.PEM))
for extra in extras:
    shutil.copy(extra, os.path.join(directory, os.path.basename(extra)))
