#!/usr/bin/env python3
"""Check a certificate's QR code offline: needs only Python and the `cryptography` package, plus the
LSP's public key as printed on any verification page (/verifikasi/<kode>/).

    python scripts/verify_certificate_qr.py --public-key <kunci> "<teks QR hasil pindai>"
    python scripts/verify_certificate_qr.py --public-key-file kunci.pem "<teks QR>"

Prints the signed statement (number, name, scheme, dates) and exits 0 when the signature holds;
exits 1 when any signed field was altered or the statement comes from another key. Compare the
printed statement with the paper certificate: a genuine QR copied onto a forged paper still shows
the original holder's data."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from decisions import signing  # noqa: E402  (the path above makes the project importable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Periksa tanda tangan kode QR sertifikat secara luring.")
    key = parser.add_mutually_exclusive_group(required=True)
    key.add_argument("--public-key", help="kunci publik Ed25519 (base64url, seperti di halaman verifikasi)")
    key.add_argument("--public-key-file", help="berkas PEM kunci publik")
    parser.add_argument("qr_text", help="teks hasil pindai kode QR (seluruh URL)")
    args = parser.parse_args(argv)
    try:
        public = signing.load_public_key(args.public_key or Path(args.public_key_file).read_text())
        statement = signing.verify(args.qr_text, public)
    except signing.PayloadError as error:
        print(f"TIDAK SAH: {error}")
        return 1
    print("Tanda tangan SAH. Pernyataan yang ditandatangani LSP:")
    print(f"  Nomor sertifikat : {statement.number}")
    print(f"  Nama             : {statement.name}")
    print(f"  Skema            : {statement.scheme}")
    print(f"  Tanggal terbit   : {statement.issued_on.isoformat()}")
    print(f"  Berlaku sampai   : {statement.valid_until.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
