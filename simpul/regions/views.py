from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Region


@require_GET
def browse(request):
    return render(request, "regions/browse.html", {"regions": Region.objects.provinces()})
