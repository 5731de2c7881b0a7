import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from simpul.credentials import openbadges, signing


def test_badge_is_an_ob3_verifiable_credential_with_an_eddsa_jcs_proof(card):
    document = openbadges.signed_document(card)
    assert "OpenBadgeCredential" in document["type"]
    assert document["credentialSubject"]["identifier"][0]["identityHash"] == card.holder_name
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    result = openbadges.verify_document(document, trusted_keys=[signing.current_public_key()])
    assert result.ok and result.key_is_trusted


def test_an_altered_badge_fails(card):
    document = openbadges.signed_document(card)
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    assert not openbadges.verify_document(document).ok


def test_a_badge_signed_by_another_key_is_valid_but_not_trusted(card, settings):
    other = Ed25519PrivateKey.generate()
    settings.SIMPUL_SIGNING_KEY = signing.b64url(other.private_bytes_raw())
    document = openbadges.signed_document(card)
    settings.SIMPUL_SIGNING_KEY = settings.SIMPUL_DEV_SIGNING_KEY
    result = openbadges.verify_document(document, trusted_keys=[signing.current_public_key()])
    assert result.ok and not result.key_is_trusted


def test_base58_round_trips():
    for data in (b"", b"\0\0abc", bytes(range(64))):
        assert signing.b58decode(signing.b58encode(data)) == data


def test_verify_json_command_accepts_a_good_file_and_refuses_an_altered_one(card, tmp_path, capsys):
    path = tmp_path / "badge.json"
    document = openbadges.signed_document(card)
    path.write_text(json.dumps(document))
    public = signing.b64url(signing.public_bytes(signing.current_public_key()))
    call_command("credentials", "verify-json", str(path), "--public-key", public)
    assert "The signature is valid." in capsys.readouterr().out
    document["name"] = "Forged"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="altered or forged"):
        call_command("credentials", "verify-json", str(path))


def test_keygen_prints_a_usable_key(capsys):
    call_command("credentials", "keygen")
    key = capsys.readouterr().out.strip()
    assert Ed25519PrivateKey.from_private_bytes(signing.b64url_decode(key))
