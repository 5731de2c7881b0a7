"""Every-URL table for simpul.knowledge: see tests/url_cases/__init__.py.

Samples: a collection owned by IPI; a published public item with a PDF; an item open to IPI
members (the member works at IPI Sukoharjo and the officer holds a role at IPI Jawa Tengah, so both
belong to IPI); a published restricted item; a withdrawn item (tombstone, 410); and the member's own
draft. The admin is a site administrator, so a curator of everything.
"""

from __future__ import annotations

from types import SimpleNamespace

from tests.url_cases import LOGIN, case, owner_only, post_only, public, signed_in  # noqa: F401

HIDDEN = {"anonymous": 404, "member": 404, "outsider": 404, "officer": 404, "admin": 200}
MEMBERS = {"anonymous": 404, "member": 200, "outsider": 404, "officer": 200, "admin": 200}


def _item(name):
    return lambda s: {"pk": getattr(s, name).pk}


def _hidden(**options):
    return case(404, admin=200, **options)


CASES: dict = {
    "knowledge:index": [
        public(),
        public(query="q=pelestarian+naskah&type=paper&year=2017&sort=newest"),
        public(query="q=NEAR(%22OR&collection=notanumber&page=99"),
    ],
    "knowledge:collections": public(),
    "knowledge:collection": [
        public(kwargs=lambda s: {"slug": s.kn_collection.slug}),
        case(404, kwargs=lambda s: {"slug": "no-such-collection"}),
    ],
    "knowledge:item_create": signed_in(),
    "knowledge:mine": signed_in(),
    "knowledge:review": case(404, anonymous=LOGIN, admin=200, why="curators only"),
    "knowledge:item": [
        public(kwargs=_item("kn_public")),
        case(404, member=200, officer=200, admin=200, kwargs=_item("kn_members"), why="IPI members only"),
        _hidden(kwargs=_item("kn_restricted"), why="restricted: its curators only"),
        case(410, admin=200, kwargs=_item("kn_withdrawn"), why="a tombstone; curators still see the record"),
        case(404, member=200, admin=200, kwargs=_item("kn_draft"), why="the member's own draft"),
        case(404, kwargs=lambda s: {"pk": 999999}),
    ],
    "knowledge:item_edit": [
        owner_only(admin=200, kwargs=_item("kn_draft")),
        case(404, anonymous=LOGIN, admin=200, kwargs=_item("kn_public"), why="published: curators edit"),
    ],
    "knowledge:file_add": owner_only(admin=200, kwargs=_item("kn_draft")),
    "knowledge:file": [
        public(kwargs=lambda s: {"pk": s.kn_public.pk, "file_id": s.kn_file.pk}),
        public(kwargs=lambda s: {"pk": s.kn_public.pk, "file_id": s.kn_file.pk}, query="download=1"),
        _hidden(kwargs=lambda s: {"pk": s.kn_restricted.pk, "file_id": s.kn_restricted_file.pk}),
    ],
    "knowledge:item_submit": post_only(kwargs=_item("kn_draft")),
    "knowledge:item_publish": post_only(kwargs=_item("kn_draft")),
    "knowledge:item_request_changes": post_only(kwargs=_item("kn_draft")),
    "knowledge:item_withdraw": post_only(kwargs=_item("kn_public")),
    "knowledge:item_versions": [
        owner_only(admin=200, kwargs=_item("kn_draft")),
        case(404, anonymous=LOGIN, admin=200, kwargs=_item("kn_public")),
    ],
    "knowledge:item_cite": [
        public(kwargs=lambda s: {"pk": s.kn_public.pk, "fmt": "bibtex"}),
        public(kwargs=lambda s: {"pk": s.kn_public.pk, "fmt": "ris"}),
        public(kwargs=lambda s: {"pk": s.kn_public.pk, "fmt": "csl"}),
        case(404, kwargs=lambda s: {"pk": s.kn_public.pk, "fmt": "docx"}),
        _hidden(kwargs=lambda s: {"pk": s.kn_restricted.pk, "fmt": "bibtex"}),
    ],
    "knowledge_root:oai": [
        public(query="verb=Identify"),
        public(query="verb=ListRecords&metadataPrefix=oai_dc"),
        public(query="verb=NoSuchVerb", why="OAI-PMH errors are answered with 200 and an <error> element"),
    ],
    "api:knowledge_search": [public(), public(query="q=naskah&type=paper&limit=5")],
    "api:knowledge_item": [
        public(kwargs=lambda s: {"item_id": s.kn_public.pk}),
        case(404, member=200, officer=200, admin=200, kwargs=lambda s: {"item_id": s.kn_members.pk}),
        _hidden(kwargs=lambda s: {"item_id": s.kn_restricted.pk}),
    ],
}


def samples(s: SimpleNamespace) -> dict:
    """Sample objects the URLs above need, made with the app's services; s holds regions, ipi, users."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from simpul.knowledge import services

    admin = s.users["admin"]
    member = s.users["member"]
    collection = services.collection_create(
        actor=None, name="Prosiding Seminar IPI", slug="prosiding-seminar-ipi", organisation=s.ipi["central"]
    )
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )

    def make(title, access="public", actor=admin, publish=True, **extra):
        item = services.item_create(
            actor=actor,
            collection=collection,
            data={"item_type": "paper", "title": title, "date_issued": "2017", "access": access, **extra},
            elements={"creator": ["Rahayu, Sri"], "subject": ["pelestarian naskah"]},
        )
        if publish:
            services.item_submit(actor=actor, item=item)
            item = services.item_publish(actor=admin, item=item)
        return item

    public_item = make("Pelestarian naskah kuno")
    restricted = make("Catatan tertutup", access="restricted")
    withdrawn = make("Makalah yang ditarik")
    services.item_withdraw(actor=admin, item=withdrawn, reason="Duplikat")
    return {
        "kn_collection": collection,
        "kn_public": public_item,
        "kn_members": make("Untuk anggota IPI", access="members", organisation=s.ipi["central"]),
        "kn_restricted": restricted,
        "kn_withdrawn": withdrawn,
        "kn_draft": make("Draf anggota", actor=member, publish=False),
        "kn_file": services.item_file_add(
            actor=admin, item=public_item, upload=SimpleUploadedFile("a.pdf", pdf)
        ),
        "kn_restricted_file": services.item_file_add(
            actor=admin, item=restricted, upload=SimpleUploadedFile("b.pdf", pdf)
        ),
    }
