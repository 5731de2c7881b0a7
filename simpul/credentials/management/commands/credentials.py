"""`simpul credentials keygen | public-key | verify-json <file> [--public-key KEY]`."""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError

from simpul.credentials import openbadges, signing


class Command(BaseCommand):
    help = "Signing keys and offline verification of Open Badges 3.0 documents."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("keygen", help="Print a new private key for SIMPUL_SIGNING_KEY.")
        sub.add_parser("public-key", help="Print the current public key (base64url and did:key).")
        verify = sub.add_parser("verify-json", help="Verify a signed Open Badges 3.0 JSON file offline.")
        verify.add_argument("file")
        verify.add_argument(
            "--public-key",
            action="append",
            default=None,
            help="A trusted public key (base64url, did:key or PEM); default: this Simpul's keys.",
        )

    def handle(self, *args, action, **options):
        if action == "keygen":
            key = Ed25519PrivateKey.generate()
            raw = key.private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
            )
            self.stdout.write(signing.b64url(raw))
            return
        if action == "public-key":
            key = signing.current_public_key()
            self.stdout.write(signing.b64url(signing.public_bytes(key)))
            self.stdout.write(signing.did_key(key))
            if signing.uses_development_key():
                self.stderr.write(
                    "This is the published development key: set SIMPUL_SIGNING_KEY in production."
                )
            return
        try:
            with open(options["file"], encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        if options["public_key"]:
            try:
                trusted = [signing.load_public_key(k) for k in options["public_key"]]
            except ValueError as error:
                raise CommandError(f"Cannot read the public key: {error}") from error
        else:
            trusted = list(signing.known_public_keys().values())
        result = openbadges.verify_document(document, trusted_keys=trusted)
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(self.style.SUCCESS(result.message))
        self.stdout.write(f"Signed by {result.key}")
        if not result.key_is_trusted:
            raise CommandError("The signature is valid but the key is not a trusted Simpul key.")
