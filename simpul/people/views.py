from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .services import person_for_user


@login_required
def profile(request):
    return render(request, "people/profile.html", {"person": person_for_user(request.user)})
