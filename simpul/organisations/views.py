from django.shortcuts import render
from django.views.decorators.http import require_GET

from simpul.core.pagination import paginate

from .models import Organisation


@require_GET
def organisation_list(request):
    page = paginate(request, Organisation.objects.active().select_related("region"))
    return render(request, "organisations/list.html", {"page_obj": page})
