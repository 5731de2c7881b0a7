from django.conf import settings

import simpul


def site(request):
    return {"SIMPUL_VERSION": simpul.__version__, "DEBUG": settings.DEBUG}
