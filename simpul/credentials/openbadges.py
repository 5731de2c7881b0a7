"""Open Badges 3.0: every credential as a W3C Verifiable Credential with a Data Integrity proof.

The proof is `DataIntegrityProof` with cryptosuite `eddsa-jcs-2022` (W3C VC Data Integrity EdDSA
Cryptosuites v1.0, section 3.3): JCS-canonicalise the proof options and the document without its
proof, SHA-256 each, sign hash(options) + hash(document) with Ed25519, and write the signature as
multibase base58btc ("z..."). The verification method is a `did:key`, which *is* the public key,
so the file verifies offline; `verify_document(..., trusted_keys=...)` also says whether that key is
Simpul's (the current or a retired signing key).
"""

import copy
import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from . import signing
from .models import Credential, CredentialKind

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ACHIEVEMENT_TYPES = {
    CredentialKind.MEMBERSHIP_CARD: "Membership",
    CredentialKind.EVENT_CERTIFICATE: "Certificate",
    CredentialKind.COMPETENCY_CERTIFICATE: "License",
}


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(day: datetime.date, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}Z"


def unsigned_document(credential: Credential) -> dict:
    base = settings.SIMPUL_PUBLIC_URL
    verify = base + reverse("credentials:verify", kwargs={"code": credential.code})
    issuer_url = base + reverse("organisations:detail", kwargs={"slug": credential.issuer.slug})
    description = "; ".join(f"{f['label']}: {f['value']}" for f in credential.fields) or credential.title
    document = {
        "@context": CONTEXTS,
        "id": verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_url, "type": ["Profile"], "name": credential.issuer_name},
        "validFrom": _day(credential.valid_from),
        "name": credential.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": credential.holder_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": f"{verify}#achievement",
                "type": ["Achievement"],
                "achievementType": ACHIEVEMENT_TYPES.get(credential.kind, "Achievement"),
                "name": credential.title,
                "description": description,
                "criteria": {"narrative": description},
                "humanCode": credential.number,
            },
        },
    }
    if credential.valid_until:
        document["validUntil"] = _day(credential.valid_until, end=True)
    return document


def _hash_data(document: dict, options: dict) -> bytes:
    return (
        hashlib.sha256(signing.canonical_json(options)).digest()
        + hashlib.sha256(signing.canonical_json(document)).digest()
    )


def signed_document(credential: Credential, *, created: datetime.datetime | None = None) -> dict:
    document = unsigned_document(credential)
    public = signing.current_public_key()
    did = signing.did_key(public)
    options = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": _utc(created or credential.issued_at),
        "verificationMethod": f"{did}#{did.removeprefix('did:key:')}",
        "proofPurpose": "assertionMethod",
    }
    _, signature = signing.sign(_hash_data(document, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + signing.b58encode(signature)
    return {**document, "proof": proof}


@dataclass
class Verification:
    ok: bool
    message: str
    key_is_trusted: bool = False
    key: str = ""


def verify_document(document: dict, *, trusted_keys: list | None = None) -> Verification:
    """Check an OB 3.0 document's eddsa-jcs-2022 proof, offline. `trusted_keys`: Ed25519 public keys."""
    document = copy.deepcopy(document)
    proof = document.pop("proof", None)
    if not isinstance(proof, dict):
        return Verification(False, "The document has no proof.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return Verification(False, "The proof is not a DataIntegrityProof with cryptosuite eddsa-jcs-2022.")
    value = proof.pop("proofValue", "")
    try:
        key = signing.public_key_from_did(proof.get("verificationMethod", ""))
        signature = signing.b58decode(value[1:]) if value.startswith("z") else b""
    except ValueError as error:
        return Verification(False, f"The proof cannot be read: {error}")
    options = {"@context": document.get("@context"), **proof}
    if not signature or not signing.verify(key, signature, _hash_data(document, options)):
        return Verification(False, "The signature does not match: the document was altered or forged.")
    did = signing.did_key(key)
    trusted = any(signing.public_bytes(key) == signing.public_bytes(k) for k in trusted_keys or [])
    message = "The signature is valid."
    if trusted_keys is not None and not trusted:
        message += " But it was made by a key you did not name as Simpul's: check who issued it."
    return Verification(True, message, trusted, did)
