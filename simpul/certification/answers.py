"""What the public register answers (the page's search form and rows, the API's JSON), the same for
everyone, cached until a service changes what it shows (see `simpul.core.publiccache`).

The register has no private view: visitors, applicants and LSP administrators see the same valid
certificates, so everyone shares these answers. `REGISTER.changed()` is called by every write that
changes them: a competent decision (a new certificate), a revocation, a scheme created, renamed,
opened or closed (its title is in the rows and in the page's scheme filter), and the national
generator. The key also holds the day (`register_key`): a certificate leaves the register the day
after it expires, with no write."""

from django.utils import timezone

from simpul.core.publiccache import PublicAnswers

REGISTER = PublicAnswers("certification.register", timeout=600)


def register_key(*parts) -> str | None:
    """The key of today's answer for `parts`, or None when the shared cache is turned off."""
    if not REGISTER.enabled():
        return None
    return REGISTER.key(timezone.localdate().isoformat(), *parts)
