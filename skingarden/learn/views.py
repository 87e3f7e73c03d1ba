from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skingarden.learn.pages import PAGES, PAGES_BY_SLUG


@login_not_required
@require_safe
def learn_index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"pages": PAGES})


@login_not_required
@require_safe
def learn_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = PAGES_BY_SLUG.get(slug)
    if page is None:
        raise Http404("No such page.")
    return render(request, f"learn/{page.slug}.html", {"page": page, "pages": PAGES})
