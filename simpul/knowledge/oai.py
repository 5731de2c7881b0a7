"""An OAI-PMH 2.0 data provider: the six verbs, oai_dc, sets, from/until, resumption tokens, errors.

What is harvested is what an anonymous visitor may see (`items_visible_to(AnonymousUser())`):
public items that are published, and those withdrawn since, reported as deleted records
(deletedRecord=persistent). Lists run in id order with a signed, stateless resumption token that
carries the request and the last id sent, so a harvest survives restarts and sees no duplicates.

Sets: `collection` and `collection:<slug>` for each collection, `type` and `type:<type>` for each
item type. SIMPUL_OAI_SETS = False turns sets off (ListSets answers noSetHierarchy).
"""

import datetime
import re
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import Min, QuerySet
from django.utils import timezone

from .models import Collection, Item, ItemType, Status
from .permissions import items_visible_to
from .selectors import dublin_core

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
METADATA_FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
}
RECORDS_PER_PAGE = 200
IDENTIFIERS_PER_PAGE = 500
TOKEN_SALT = "simpul.knowledge.oai"  # noqa: S105  (a signing salt, not a secret)
TOKEN_MAX_AGE = 7 * 24 * 3600

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
EXCLUSIVE = {"ListSets", "ListIdentifiers", "ListRecords"}  # verbs that take a resumptionToken

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# Characters XML 1.0 forbids; they could come from text pasted into metadata.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def namespace() -> str:
    return getattr(settings, "SIMPUL_OAI_NAMESPACE", "simpul.or.id")


def sets_enabled() -> bool:
    return getattr(settings, "SIMPUL_OAI_SETS", True)


def oai_identifier(item_id: int) -> str:
    return f"oai:{namespace()}:{item_id}"


def item_id_from(identifier: str) -> int | None:
    prefix = f"oai:{namespace()}:"
    if not identifier.startswith(prefix):
        return None
    rest = identifier[len(prefix) :]
    return int(rest) if rest.isdigit() and len(rest) < 12 else None


def stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(value) -> str:
    return escape(INVALID_XML.sub("", str(value)))


def harvestable() -> QuerySet:
    """The one access rule, as an anonymous visitor: public items, published or withdrawn."""
    return items_visible_to(AnonymousUser())


# --- Arguments ---------------------------------------------------------------------------------
def parse_date(value: str, *, until: bool) -> tuple[datetime.datetime, str]:
    if DAY.match(value):
        granularity = "day"
        fmt = "%Y-%m-%d"
    elif SECOND.match(value):
        granularity = "second"
        fmt = "%Y-%m-%dT%H:%M:%SZ"
    else:
        raise OAIError("badArgument", f"'{value}' is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")
    try:
        moment = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
    except ValueError as error:
        raise OAIError("badArgument", f"'{value}' is not a valid date.") from error
    if until:
        # Inclusive: everything stamped within that day, or that second.
        moment += datetime.timedelta(days=1) if granularity == "day" else datetime.timedelta(seconds=1)
    return moment, granularity


def check_arguments(params: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    verbs = params.get("verb", [])
    if len(verbs) != 1:
        raise OAIError("badVerb", "Exactly one verb is required." if not verbs else "The verb is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"'{verb}' is not an OAI-PMH verb.")
    required, optional = VERBS[verb]
    args: dict[str, str] = {}
    for key, values in params.items():
        if key == "verb":
            continue
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument '{key}' is repeated.")
        args[key] = values[0]
    if "resumptionToken" in args:
        if verb not in EXCLUSIVE:
            raise OAIError("badArgument", f"{verb} takes no resumptionToken.")
        if len(args) != 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, args
    allowed = required | optional
    illegal = sorted(set(args) - allowed)
    if illegal:
        raise OAIError("badArgument", f"Illegal argument(s) for {verb}: {', '.join(illegal)}.")
    missing = sorted(required - set(args))
    if missing:
        raise OAIError("badArgument", f"Missing argument(s) for {verb}: {', '.join(missing)}.")
    return verb, args


# --- Responses ---------------------------------------------------------------------------------
def envelope(base_url: str, verb: str | None, args: dict[str, str], body: str) -> str:
    attributes = ""
    if verb is not None:
        attributes = f" verb={quoteattr(verb)}" + "".join(
            f" {k}={quoteattr(v)}" for k, v in sorted(args.items())
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="{XSI_NS}" '
        f'xsi:schemaLocation="{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{stamp(timezone.now())}</responseDate>"
        f"<request{attributes}>{text(base_url)}</request>"
        f"{body}</OAI-PMH>"
    )


def error_xml(code: str, message: str) -> str:
    return f"<error code={quoteattr(code)}>{text(message)}</error>"


def handle(params: dict[str, list[str]], *, base_url: str, site_url: str) -> str:
    """The XML answer to one request (`params` as a dict of lists, GET or POST alike)."""
    try:
        verb, args = check_arguments(params)
    except OAIError as error:
        return envelope(base_url, None, {}, error_xml(error.code, error.message))
    try:
        body = HANDLERS[verb](args, site_url=site_url)
    except OAIError as error:
        return envelope(base_url, verb, args, error_xml(error.code, error.message))
    return envelope(base_url, verb, args, body)


def identify(args, *, site_url):
    earliest = harvestable().aggregate(m=Min("datestamp"))["m"] or timezone.now()
    email = getattr(settings, "SIMPUL_OAI_ADMIN_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    email = email.split("<")[-1].rstrip(">").strip()
    return (
        "<Identify>"
        f"<repositoryName>{text(getattr(settings, 'SIMPUL_OAI_REPOSITORY_NAME', 'Simpul — Repositori Pengetahuan'))}</repositoryName>"
        f"<baseURL>{text(site_url + '/oai')}</baseURL>"
        "<protocolVersion>2.0</protocolVersion>"
        f"<adminEmail>{text(email)}</adminEmail>"
        f"<earliestDatestamp>{stamp(earliest)}</earliestDatestamp>"
        "<deletedRecord>persistent</deletedRecord>"
        "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"
        "<description>"
        '<oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" '
        f'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier '
        'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">'
        "<scheme>oai</scheme>"
        f"<repositoryIdentifier>{text(namespace())}</repositoryIdentifier>"
        "<delimiter>:</delimiter>"
        f"<sampleIdentifier>{text(oai_identifier(1))}</sampleIdentifier>"
        "</oai-identifier>"
        "</description>"
        "</Identify>"
    )


def list_metadata_formats(args, *, site_url):
    if "identifier" in args:
        item = _find(args["identifier"])
        if item.status == Status.WITHDRAWN:
            raise OAIError("noMetadataFormats", "The item was withdrawn: no metadata is disseminated for it.")
    formats = "".join(
        "<metadataFormat>"
        f"<metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
        f"<metadataNamespace>{ns}</metadataNamespace></metadataFormat>"
        for prefix, (schema, ns) in METADATA_FORMATS.items()
    )
    return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"


def all_sets() -> list[tuple[str, str]]:
    sets = [("collection", "Koleksi")]
    sets += [
        (f"collection:{slug}", name)
        for slug, name in Collection.objects.order_by("slug").values_list("slug", "name")
    ]
    sets.append(("type", "Jenis"))
    sets += [(f"type:{value}", str(label)) for value, label in ItemType.choices]
    return sets


def list_sets(args, *, site_url):
    if "resumptionToken" in args:
        raise OAIError(
            "badResumptionToken", "ListSets is answered in one response; there is no token to resume."
        )
    if not sets_enabled():
        raise OAIError("noSetHierarchy", "This repository does not support sets.")
    body = "".join(
        f"<set><setSpec>{text(spec)}</setSpec><setName>{text(name)}</setName></set>"
        for spec, name in all_sets()
    )
    return f"<ListSets>{body}</ListSets>"


def _find(identifier: str) -> Item:
    item_id = item_id_from(identifier)
    item = harvestable().filter(pk=item_id).first() if item_id is not None else None
    if item is None:
        raise OAIError("idDoesNotExist", f"'{identifier}' is not an identifier of this repository.")
    return item


def _check_prefix(prefix: str) -> None:
    if prefix not in METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"'{prefix}' is not supported; use oai_dc.")


def _filtered(request: dict) -> QuerySet:
    qs = harvestable()
    spec = request.get("set")
    if spec:
        if not sets_enabled():
            raise OAIError("noSetHierarchy", "This repository does not support sets.")
        if spec == "collection":
            pass
        elif spec.startswith("collection:"):
            qs = qs.filter(collection__slug=spec.split(":", 1)[1])
        elif spec == "type":
            pass
        elif spec.startswith("type:") and spec.split(":", 1)[1] in ItemType.values:
            qs = qs.filter(item_type=spec.split(":", 1)[1])
        else:
            raise OAIError("badArgument", f"'{spec}' is not a set of this repository.")
    granularities = []
    if request.get("from"):
        moment, g = parse_date(request["from"], until=False)
        granularities.append(g)
        qs = qs.filter(datestamp__gte=moment)
        start = moment
    if request.get("until"):
        moment, g = parse_date(request["until"], until=True)
        granularities.append(g)
        qs = qs.filter(datestamp__lt=moment)
        if request.get("from") and moment <= start:
            raise OAIError("badArgument", "'from' is later than 'until'.")
    if len(set(granularities)) > 1:
        raise OAIError("badArgument", "'from' and 'until' must have the same granularity.")
    return qs


def _page(args: dict, per_page: int) -> tuple[list[Item], str]:
    """The items of this page and the <resumptionToken> element to end the list with."""
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature as error:
            raise OAIError("badResumptionToken", "The resumption token is invalid or has expired.") from error
        request = state["r"]
        after, cursor, total = state["a"], state["c"], state["n"]
    else:
        _check_prefix(args["metadataPrefix"])
        request = {k: args[k] for k in ("metadataPrefix", "set", "from", "until") if k in args}
        after, cursor, total = 0, 0, None
    qs = _filtered(request)
    if total is None:
        total = qs.count()
        if total == 0:
            raise OAIError("noRecordsMatch", "No records match the request.")
    items = list(
        qs.filter(pk__gt=after)
        .order_by("pk")
        .select_related("collection__organisation", "region", "event")
        .prefetch_related("elements", "files")[: per_page + 1]
    )
    more = len(items) > per_page
    items = items[:per_page]
    if more:
        token = signing.dumps(
            {"r": request, "a": items[-1].pk, "c": cursor + len(items), "n": total}, salt=TOKEN_SALT
        )
        resumption = (
            f'<resumptionToken completeListSize="{total}" cursor="{cursor}">{text(token)}</resumptionToken>'
        )
    elif cursor:
        resumption = f'<resumptionToken completeListSize="{total}" cursor="{cursor}"/>'
    else:
        resumption = ""
    return items, resumption


def header(item: Item) -> str:
    deleted = item.status == Status.WITHDRAWN
    specs = ""
    if sets_enabled():
        specs = f"<setSpec>collection:{text(item.collection.slug)}</setSpec><setSpec>type:{text(item.item_type)}</setSpec>"
    status = ' status="deleted"' if deleted else ""
    return (
        f"<header{status}><identifier>{text(oai_identifier(item.pk))}</identifier>"
        f"<datestamp>{stamp(item.datestamp)}</datestamp>{specs}</header>"
    )


def record(item: Item, site_url: str) -> str:
    if item.status == Status.WITHDRAWN:
        return f"<record>{header(item)}</record>"
    elements = "".join(
        f"<dc:{name}>{text(value)}</dc:{name}>" for name, value in dublin_core(item, base_url=site_url)
    )
    return (
        f"<record>{header(item)}<metadata>"
        f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}" '
        f'xsi:schemaLocation="{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
        f"{elements}</oai_dc:dc></metadata></record>"
    )


def list_identifiers(args, *, site_url):
    items, resumption = _page(args, IDENTIFIERS_PER_PAGE)
    return "<ListIdentifiers>" + "".join(header(i) for i in items) + resumption + "</ListIdentifiers>"


def list_records(args, *, site_url):
    items, resumption = _page(args, RECORDS_PER_PAGE)
    return "<ListRecords>" + "".join(record(i, site_url) for i in items) + resumption + "</ListRecords>"


def get_record(args, *, site_url):
    _check_prefix(args["metadataPrefix"])
    item = _find(args["identifier"])
    item = (
        harvestable()
        .select_related("collection__organisation", "region", "event")
        .prefetch_related("elements", "files")
        .get(pk=item.pk)
    )
    return f"<GetRecord>{record(item, site_url)}</GetRecord>"


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}
