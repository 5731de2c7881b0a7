"""Every URL of Simpul, visited as every persona: each gets the status expected, and never a 500.

How it works:
- `url_patterns()` walks the project's resolver, recursing into includes, and keys every pattern by
  its qualified name ("people:profile"), or by "route:<route>" when it has no name.
- `URLS` says, for each key, how to build a sample address (kwargs from the `samples` fixture)
  and which status each persona gets: 200, a redirect to the login page, 404 for an object outside
  the persona's scope, 405 for a POST-only endpoint...
- The Django admin's per-model pages (changelist, add, change, delete, history) are generated from
  the admin registry: a new ModelAdmin is covered without an entry here, as long as `samples`
  holds one object of its model.
- A pattern with no entry fails `test_every_url_pattern_has_an_entry`, naming it: add it to URLS.

Only GET is sent; POST behaviour belongs to each app's own tests.
"""

from __future__ import annotations

import datetime
import traceback
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, RequestFactory, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from simpul.testing import factories, personas
from tests.url_cases import (  # noqa: E402
    ADMIN_LOGIN,
    AFTER_LOGIN,
    LOGIN,
    PERSONAS,
    Case,
    Expected,
    Redirect,
    _describe,
    _matches,
    case,
    owner_only,
    post_only,
    public,
    signed_in,
)
from tests.url_cases import certification as certification_cases  # noqa: E402
from tests.url_cases import events as events_cases  # noqa: E402
from tests.url_cases import knowledge as knowledge_cases  # noqa: E402
from tests.url_cases import programs as programs_cases  # noqa: E402

# Apps whose URL table lives in tests/url_cases/<app>.py (CASES, and samples(s) for their objects).
APP_CASES = (events_cases, certification_cases, programs_cases, knowledge_cases)

# Keys are qualified URL names, or "route:<route>" for unnamed patterns. A list of cases visits the
# pattern once per case (for example a public object and one only some personas may see).
URLS: dict[str, Case | list[Case]] = {
    # core
    "core:home": public(),
    "core:healthz": public(),
    "core:floor": public(),
    # accounts (django-allauth): a signed-in visitor is sent on from login and signup
    "account_login": public(member=AFTER_LOGIN, outsider=AFTER_LOGIN, officer=AFTER_LOGIN, admin=AFTER_LOGIN),
    "account_signup": public(
        member=AFTER_LOGIN, outsider=AFTER_LOGIN, officer=AFTER_LOGIN, admin=AFTER_LOGIN
    ),
    "account_logout": public(anonymous=Redirect("/"), why="GET asks to confirm; signing out takes a POST"),
    "account_inactive": public(),
    "account_reauthenticate": signed_in(),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(
        member=Redirect("account_change_password"),
        outsider=Redirect("account_change_password"),
        officer=Redirect("account_change_password"),
        admin=Redirect("account_change_password"),
        why="everyone here already has a password, so 'set' sends them to 'change'",
    ),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key_done": public(),
    "account_confirm_login_code": case(
        AFTER_LOGIN, anonymous=LOGIN, why="no login code is pending, so the page sends the visitor on"
    ),
    "account_confirm_email": public(
        kwargs=lambda s: {"key": "not-a-real-key"}, why="an unknown key shows a page saying so"
    ),
    "account_reset_password_from_key": public(
        kwargs=lambda s: {"uidb36": "zz", "key": "not-a-real-key"}, why="a bad key shows a page saying so"
    ),
    "set_language": case(Redirect("/"), why="GET changes nothing and goes back"),
    # API (django-ninja)
    "api:openapi-json": public(),
    "api:openapi-view": public(),
    "api:api-root": case(404, why="django-ninja answers nothing at the bare prefix"),
    "api:regions_list": [
        public(),
        public(query="level=regency&parent=33&q=suko"),
        case(404, query="parent=99"),
    ],
    "api:region_detail": [
        public(kwargs=lambda s: {"code": "52.71"}),
        case(404, kwargs=lambda s: {"code": "99.99"}),
    ],
    # regions
    "regions:browse": [public(), public(query="q=mataram")],
    "regions:pick": [public(), public(query="code=33.11&q=kart"), public(query="code=52.71.01&max_level=3")],
    "regions:detail": [
        public(kwargs=lambda s: {"code": "52"}),
        public(kwargs=lambda s: {"code": "33.11.12.2001"}),
        case(404, kwargs=lambda s: {"code": "99.99"}),
    ],
    # people: a person's own profile and education
    "people:profile": signed_in(),
    "people:profile_edit": signed_in(),
    "people:education_add": signed_in(),
    "people:education_edit": owner_only(kwargs=lambda s: {"pk": s.education.pk}),
    "people:education_remove": post_only(kwargs=lambda s: {"pk": s.education.pk}),
    # organisations: the public directory, a person's employment, roles and the audit trail
    "organisations:list": [public(), public(query="kind=chapter&region=33&q=IPI")],
    "organisations:search": public(query="q=IPI"),
    "organisations:detail": [
        public(kwargs=lambda s: {"slug": s.ipi["sukoharjo"].slug}),
        case(
            404,
            officer=200,
            admin=200,
            kwargs=lambda s: {"slug": s.inactive_chapter.slug},
            why="an inactive chapter under IPI Jawa Tengah: only those who look after it see it",
        ),
        case(404, kwargs=lambda s: {"slug": "no-such-organisation"}),
    ],
    "organisations:employment_add": signed_in(),
    "organisations:employment_edit": owner_only(kwargs=lambda s: {"pk": s.employment.pk}),
    "organisations:employment_remove": post_only(kwargs=lambda s: {"pk": s.employment.pk}),
    "organisations:roles": signed_in(
        member=403, outsider=403, why="only those who may grant roles see the page"
    ),
    "organisations:role_revoke": post_only(kwargs=lambda s: {"pk": s.officer_role.pk}),
    "organisations:audit": case(
        404, admin=200, why="for site administrators only; anyone else is told it does not exist"
    ),
    "audit:list": [
        case(404, admin=200, why="for site administrators only; anyone else is told it does not exist"),
        case(404, admin=200, query="action=organisation.create&object_type=organisations.organisation"),
    ],
    # credentials: public verification; files for the holder and the issuer's officers
    # libraries
    "libraries:directory": [
        public(),
        public(query="q=pucangan&region=33&type=public&status=registered&sort=-name"),
    ],
    "libraries:statistics": [public(), public(query="region=33.11"), case(404, query="region=99")],
    "libraries:export": [public(query="format=csv"), public(query="format=xlsx&region=33")],
    "libraries:register": signed_in(),
    "libraries:mine": signed_in(),
    "libraries:import": signed_in(
        member=404, outsider=404, officer=404, why="library office officers and site admins only"
    ),
    "libraries:import_template": [
        public(kwargs=lambda s: {"fmt": "xlsx"}),
        public(kwargs=lambda s: {"fmt": "csv"}),
        case(404, kwargs=lambda s: {"fmt": "pdf"}),
    ],
    "libraries:job": owner_only(kwargs=lambda s: {"pk": s.library_job.pk}),
    "libraries:job_download": owner_only(kwargs=lambda s: {"pk": s.library_job.pk}),
    "libraries:job_apply": case(
        405, why="POST only, checked before sign-in", kwargs=lambda s: {"pk": s.library_job.pk}
    ),
    "libraries:applications": signed_in(),
    "libraries:application": owner_only(admin=200, kwargs=lambda s: {"pk": s.library_application.pk}),
    "libraries:application_verify": case(
        405, why="POST only, checked before sign-in", kwargs=lambda s: {"pk": s.library_application.pk}
    ),
    "libraries:application_approve": case(
        405, why="POST only, checked before sign-in", kwargs=lambda s: {"pk": s.library_application.pk}
    ),
    "libraries:application_reject": case(
        405, why="POST only, checked before sign-in", kwargs=lambda s: {"pk": s.library_application.pk}
    ),
    "libraries:detail": [
        public(kwargs=lambda s: {"pk": s.library.pk}),
        case(404, kwargs=lambda s: {"pk": 999999}),
    ],
    "libraries:edit": case(404, anonymous=LOGIN, admin=200, kwargs=lambda s: {"pk": s.library.pk}),
    "libraries:yearly_update": case(404, anonymous=LOGIN, admin=200, kwargs=lambda s: {"pk": s.library.pk}),
    "libraries:history": case(404, anonymous=LOGIN, admin=200, kwargs=lambda s: {"pk": s.library.pk}),
    "libraries:claim": signed_in(kwargs=lambda s: {"pk": s.library.pk}),
    "api:libraries_list": [public(), public(query="region=33&type=public"), case(422, query="type=castle")],
    "api:library_detail": [
        public(kwargs=lambda s: {"npp": s.library.npp}),
        case(404, kwargs=lambda s: {"npp": "0000000A0000000"}),
    ],
    # associations
    "associations:list": public(),
    "associations:detail": [
        public(kwargs=lambda s: {"slug": s.ipi["jateng"].slug}),
        case(404, kwargs=lambda s: {"slug": "no-such"}),
    ],
    "associations:apply": signed_in(kwargs=lambda s: {"slug": s.ipi["jateng"].slug}),
    "associations:me": signed_in(),
    "associations:my_dues": owner_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:dues_proof": case(
        404, anonymous=LOGIN, member=200, officer=200, admin=200, kwargs=lambda s: {"pk": s.dues.pk}
    ),
    "associations:document": case(
        404, anonymous=LOGIN, member=200, officer=200, admin=200, kwargs=lambda s: {"pk": s.document.pk}
    ),
    "associations:manage": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:members": [
        case(403, anonymous=LOGIN, officer=200, admin=200),
        case(403, anonymous=LOGIN, officer=200, admin=200, query="q=pust&status=active"),
    ],
    "associations:members_xlsx": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:member": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"pk": s.membership.pk}
    ),
    "associations:member_approve": post_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:member_reject": post_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:member_status": post_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:member_transfer": post_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:member_dues": post_only(kwargs=lambda s: {"pk": s.membership.pk}),
    "associations:applications": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:dues": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:dues_confirm": post_only(kwargs=lambda s: {"pk": s.dues.pk}),
    "associations:dues_reject": post_only(kwargs=lambda s: {"pk": s.dues.pk}),
    "associations:import": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:announcements": case(403, anonymous=LOGIN, officer=200, admin=200),
    "associations:announcement": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"pk": s.announcement.pk}
    ),
    "associations:boards": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"slug": s.ipi["jateng"].slug}
    ),
    "associations:board": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"pk": s.board.pk}
    ),
    "associations:honorary": case(
        404,
        anonymous=LOGIN,
        admin=200,
        kwargs=lambda s: {"slug": s.ipi["central"].slug},
        why="officers of the association itself only",
    ),
    "associations:cards_batch": post_only(kwargs=lambda s: {"slug": s.ipi["jateng"].slug}),
    "api:associations_list": public(),
    "api:association_chapters": public(kwargs=lambda s: {"association_id": s.ipi["central"].pk}),
    "api:memberships_list": case(200, anonymous=401),
    "api:credential_detail": [
        public(kwargs=lambda s: {"code": s.credential.code}),
        case(404, kwargs=lambda s: {"code": "NO-SUCH-CODE"}),
    ],
    "credentials:verify_form": public(),
    "credentials:verify": [
        public(kwargs=lambda s: {"code": s.credential.code}),
        case(404, kwargs=lambda s: {"code": "NO-SUCH-CODE"}, why="an unknown code says so, with a 404"),
    ],
    "credentials:badge_json": [
        public(kwargs=lambda s: {"code": s.credential.code}),
        case(404, kwargs=lambda s: {"code": "NO-SUCH-CODE"}),
    ],
    "credentials:keys": public(),
    "credentials:mine": signed_in(),
    "credentials:pdf": case(
        404,
        anonymous=LOGIN,
        member=200,
        officer=200,
        admin=200,
        kwargs=lambda s: {"code": s.credential.code},
        why="the member's card from IPI Sukoharjo: its holder, the issuer's officers and site admins",
    ),
    "credentials:png": case(
        404,
        anonymous=LOGIN,
        member=200,
        officer=200,
        admin=200,
        kwargs=lambda s: {"code": s.credential.code},
        why="the member's card from IPI Sukoharjo: its holder, the issuer's officers and site admins",
    ),
    "credentials:revoke": case(
        404,
        anonymous=LOGIN,
        officer=200,
        admin=200,
        kwargs=lambda s: {"code": s.credential.code},
        why="only the issuer's officers revoke; the GET shows the form",
    ),
    "credentials:batch": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"pk": s.batch.pk}
    ),
    "credentials:batch_zip": case(
        404, anonymous=LOGIN, officer=200, admin=200, kwargs=lambda s: {"pk": s.batch.pk}
    ),
    # Django admin, site-level pages (per-model pages are generated below)
    "admin:index": case(ADMIN_LOGIN, admin=200),
    "admin:login": public(admin=Redirect("admin:index")),
    "admin:logout": case(
        Redirect("admin:index"),
        admin=405,
        why="signing out takes a POST; non-staff are sent to the admin first",
    ),
    "admin:password_change": case(ADMIN_LOGIN, admin=200),
    "admin:password_change_done": case(ADMIN_LOGIN, admin=200),
    "admin:autocomplete": case(ADMIN_LOGIN, admin=403, why="autocomplete without its parameters is refused"),
    "admin:jsi18n": case(ADMIN_LOGIN, admin=200),
    "admin:view_on_site": case(
        ADMIN_LOGIN,
        admin=(404, Redirect("/")),
        kwargs=lambda s: {"content_type_id": s.organisation_type.pk, "object_id": s.ipi["central"].pk},
        why="404 while Organisation has no get_absolute_url, a redirect to its page once it has one",
    ),
    "admin:app_list": case(ADMIN_LOGIN, admin=(200, 404), kwargs=lambda s: {"app_label": "core"}),
    "route:admin/(?P<url>.*)$": case(
        ADMIN_LOGIN, admin=404, path=lambda s: "/admin/no-such-page/", why="the admin's catch-all"
    ),
}


# --- The admin's per-model pages, generated from its registry ---------------------------------
ADMIN_PAGES = ("changelist", "add", "change", "delete", "history")


def _admin_user_can(model_admin, page: str, user, obj) -> Expected:
    """What the admin itself decides for a staff user: page, refusal (403) or 'not found' (redirect)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    if not model_admin.admin_site.has_permission(request):
        return ADMIN_LOGIN
    if page == "changelist":
        return 200 if model_admin.has_view_or_change_permission(request) else 403
    if page == "add":
        return 200 if model_admin.has_add_permission(request) else 403
    if not model_admin.get_queryset(request).filter(pk=obj.pk).exists():
        return Redirect("admin:index")  # the admin's answer for an object outside the user's queryset
    if page == "delete":
        return 200 if model_admin.has_delete_permission(request, obj) else 403
    return 200 if model_admin.has_view_or_change_permission(request, obj) else 403


@dataclass(frozen=True)
class AdminModelCase:
    """One per-model admin page; what a persona gets follows from the ModelAdmin's permission methods."""

    model_admin: Any
    page: str  # one of ADMIN_PAGES, or "object" for the bare <object_id>/ redirect
    why: str = field(default="expectations follow the ModelAdmin's own permissions and queryset")

    def sample(self, samples):
        model = self.model_admin.model
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            pytest.fail(
                f"The admin of {model._meta.label} has no object to visit: make the `samples` fixture "
                f"in tests/test_every_url.py create one {model.__name__}."
            )
        return obj

    def url(self, key: str, samples) -> str:
        opts = self.model_admin.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if self.page in ("changelist", "add"):
            return reverse(f"{name}_{self.page}")
        obj = self.sample(samples)
        if self.page == "object":
            return reverse(f"{name}_change", args=(quote(obj.pk),)).removesuffix("change/")
        return reverse(f"{name}_{self.page}", args=(quote(obj.pk),))

    def expected(self, persona: str, user, samples) -> Expected:
        if user is None:
            return ADMIN_LOGIN
        obj = None if self.page in ("changelist", "add") else self.sample(samples)
        if self.page == "object":
            opts = self.model_admin.model._meta
            change = _admin_user_can(self.model_admin, "change", user, obj)
            if change == ADMIN_LOGIN:
                return ADMIN_LOGIN
            return Redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(quote(obj.pk),))
            )
        return _admin_user_can(self.model_admin, self.page, user, obj)


def admin_model_cases() -> dict[str, AdminModelCase]:
    cases: dict[str, AdminModelCase] = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        for page in ADMIN_PAGES:
            cases[f"admin:{opts.app_label}_{opts.model_name}_{page}"] = AdminModelCase(model_admin, page)
        cases[f"route:admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"] = AdminModelCase(
            model_admin, "object"
        )
    return cases


# --- Walking the resolver ---------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    key: str
    route: str


def url_patterns(resolver=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern of the project, includes expanded."""
    resolver = resolver or get_resolver()
    found: list[Pattern] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += url_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"route:{route}"
            found.append(Pattern(key, route))
    return found


def all_cases() -> dict[str, list[Case | AdminModelCase]]:
    cases = {**URLS, **admin_model_cases()}
    for module in APP_CASES:
        cases.update(module.CASES)
    return {key: value if isinstance(value, list) else [value] for key, value in cases.items()}


PATTERNS = url_patterns()


# --- Sample data ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def _sample_world(django_db_setup, django_db_blocker):
    """The samples, made once for the module: making them costs more than a test's visits, and the
    module has a test per URL pattern. They live in a transaction that is rolled back when the module
    ends; each test runs in a savepoint inside it (pytest-django's `db`), so what a visit writes (a
    session, a last sign-in) is undone before the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        regions = factories.region_slice()
        ipi = personas.ipi_organisations(regions)
        admin_user = personas.admin_user()
        officer_user = personas.officer_user(ipi)
        yield make_samples(
            regions, ipi, admin_user, officer_user, personas.member_user(), personas.outsider_user()
        )
        transaction.set_rollback(True)


@pytest.fixture
def samples(_sample_world, db):
    """One object of each kind a URL needs (`make_samples`), shared by the tests of the module."""
    return _sample_world


def make_samples(regions, ipi, admin_user, officer_user, member_user, outsider_user) -> SimpleNamespace:
    """One object of each kind a URL needs. Add here what a new URL pattern's parameters need."""
    from allauth.account.models import EmailAddress
    from django.core.files.base import ContentFile
    from django_tasks_db.models import DBTaskResult

    from simpul.associations import services as association_services
    from simpul.associations.tests.factories import ipi_types, png_upload
    from simpul.credentials import services as credential_services
    from simpul.credentials.models import CredentialKind
    from simpul.libraries.models import Job
    from simpul.libraries.services.libraries import library_create
    from simpul.libraries.services.registrations import application_claim
    from simpul.organisations import services as organisation_services
    from simpul.organisations.models import Kind, RoleAssignment
    from simpul.people import services as people_services

    member = member_user.person
    library = library_create(
        actor=None,
        name="Perpustakaan Desa Pucangan",
        library_type="public",
        subtype="village",
        status="registered",
        region=regions["33.11.12.2001"],
    )
    library_job = Job.objects.create(
        kind="export", state="done", created_by=member_user, params={"format": "csv"}, total=1, done=1
    )
    library_job.file.save("libraries.csv", ContentFile(b"npp,name\n"))
    types = ipi_types(ipi["central"])
    membership = association_services.membership_approve(
        actor=None,
        membership=association_services.membership_apply(
            actor=None,
            person=member,
            chapter=ipi["sukoharjo"],
            member_type=types["biasa"],
            documents=[("photo", png_upload())],
        ),
    )
    credential = credential_services.credential_issue(
        actor=None,
        kind=CredentialKind.MEMBERSHIP_CARD,
        holder=member,
        issuer=ipi["sukoharjo"],
        title="Kartu Tanda Anggota",
        subject={
            "organisation": "Ikatan Pustakawan Indonesia",
            "fields": [{"label": "Member type", "value": "biasa"}],
        },
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2099, 12, 31),
    )
    EmailAddress.objects.create(user=member_user, email=member_user.email, verified=True, primary=True)
    Group.objects.create(name="Sample group")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="simpul.core.views.home",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the batch's ZIP is built after commit
        batch = credential_services.credential_batch_create(
            actor=officer_user, issuer=ipi["sukoharjo"], label="KTA 2025", credentials=[credential]
        )
    board = association_services.board_term_create(
        actor=None,
        organisation=ipi["jateng"],
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    association_services.board_position_add(actor=None, term=board, person=member, position="chair")
    with TestCase.captureOnCommitCallbacks(execute=True):  # sent after commit: one delivery per member
        announcement = association_services.announcement_send(
            actor=None, organisation=ipi["jateng"], subject="S", body="B"
        )
    namespace = SimpleNamespace(
        regions=regions,
        ipi=ipi,
        education=people_services.education_add(
            actor=member_user,
            person=member,
            level="D3",
            institution="Universitas Terbuka",
            major="Perpustakaan",
        ),
        employment=organisation_services.employment_add(
            actor=member_user, person=member, organisation=ipi["sukoharjo"], position="Pustakawan"
        ),
        inactive_chapter=organisation_services.organisation_create(
            actor=None,
            kind=Kind.CHAPTER,
            name="IPI Kabupaten Klaten",
            parent=ipi["jateng"],
            region=regions["33"],
            is_active=False,
        ),
        credential=credential,
        batch=batch,
        membership=membership,
        library=library,
        library_job=library_job,
        library_application=application_claim(
            actor=member_user, applicant=member, library=library, position="Pustakawan"
        ),
        document=membership.documents.get(),
        dues=association_services.dues_submit(
            actor=None,
            membership=membership,
            year=2031,
            amount=1,
            paid_on=datetime.date.today(),
            proof=png_upload(),
        ),
        board=board,
        announcement=announcement,
        officer_role=RoleAssignment.objects.get(person__user=officer_user),
        users={
            "anonymous": None,
            "member": member_user,
            "outsider": outsider_user,
            "officer": officer_user,
            "admin": admin_user,
        },
        organisation_type=ContentType.objects.get(app_label="organisations", model="organisation"),
    )
    for module in APP_CASES:
        with TestCase.captureOnCommitCallbacks(execute=True):
            for name, value in module.samples(namespace).items():
                setattr(namespace, name, value)
    return namespace


# --- The tests --------------------------------------------------------------------------------
def test_every_url_pattern_has_an_entry():
    cases = all_cases()
    missing = [f"{p.key!r} ({p.route})" for p in PATTERNS if p.key not in cases]
    assert not missing, (
        "These URL patterns have no entry in URLS of tests/test_every_url.py; add each with its sample "
        "parameters and the status every persona should get:\n  " + "\n  ".join(missing)
    )


def test_every_url_entry_names_an_existing_pattern():
    keys = {p.key for p in PATTERNS}
    tables = [*URLS] + [k for module in APP_CASES for k in module.CASES]
    stale = sorted(k for k in tables if k not in keys)
    assert not stale, f"URLS in tests/test_every_url.py names patterns that no longer exist: {stale}"


def _visit(url: str, user) -> Any:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _explain(response) -> str:
    if response.status_code >= 500 and getattr(response, "exc_info", None):
        return "\n" + "".join(traceback.format_exception(*response.exc_info)[-6:])
    location = response.headers.get("Location")
    return f" -> {location}" if location else ""


@pytest.mark.django_db
@pytest.mark.parametrize("key", [p.key for p in PATTERNS if p.key in all_cases()])
def test_url_answers_every_persona_as_expected(key, samples):
    problems = []
    for entry in all_cases()[key]:
        url = entry.url(key, samples)
        note = f" ({entry.why})" if entry.why else ""
        for persona in PERSONAS:
            user = samples.users[persona]
            if isinstance(entry, AdminModelCase):
                expected = entry.expected(persona, user, samples)
            else:
                expected = entry.expect[persona]
            response = _visit(url, user)
            if response.status_code >= 500 or not _matches(expected, response):
                problems.append(
                    f"{persona}: GET {url} gave {response.status_code}, expected {_describe(expected)}{note}"
                    f"{_explain(response)}"
                )
    assert not problems, f"{key}:\n" + "\n".join(problems)
