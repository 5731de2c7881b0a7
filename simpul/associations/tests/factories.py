"""Association test data through the services: IPI's member types, applications, members."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from simpul.associations import services
from simpul.testing import factories


def ipi_types(association):
    return {
        "biasa": services.member_type_save(
            actor=None,
            association=association,
            code="biasa",
            name="Anggota biasa",
            may_vote=True,
            may_stand=True,
            order=1,
        ),
        "luar_biasa": services.member_type_save(
            actor=None, association=association, code="luar-biasa", name="Anggota luar biasa", order=2
        ),
        "kehormatan": services.member_type_save(
            actor=None,
            association=association,
            code="kehormatan",
            name="Anggota kehormatan",
            by_decision_only=True,
            pays_dues=False,
            order=3,
        ),
    }


def png_upload(name="photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_upload(name="ijazah.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def application(chapter, member_type, person=None, **options):
    person = person or factories.PersonFactory()
    return services.membership_apply(
        actor=None,
        person=person,
        chapter=chapter,
        member_type=member_type,
        documents=[("photo", png_upload())],
        **options,
    )


def member(chapter, member_type, person=None):
    return services.membership_approve(actor=None, membership=application(chapter, member_type, person))
