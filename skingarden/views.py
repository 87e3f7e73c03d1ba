from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("programmes:dashboard")
    return render(request, "home.html")


@login_not_required
@require_safe
def hello(request: HttpRequest) -> HttpResponse:
    """A bare view: the benchmark's yardstick for the cost of the framework alone."""
    return HttpResponse("hello", content_type="text/plain")


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(
        loader.render_to_string("404.html", request=request), status=404
    )


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context and no request data: an error page must never echo health data.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
