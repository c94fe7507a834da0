"""One way to answer a request: the whole page, or one named block of it for HTMX."""

from flask import Response, flash, make_response, redirect, request, url_for
from flask import render_template as render_page
from jinja2_fragments.flask import render_block


def is_fragment_request() -> bool:
    """An HTMX request that wants a fragment (not boosted navigation, not a history restore)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    if block and is_fragment_request():
        body = render_block(template, block, **context)
    else:
        body = render_page(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def see_other(endpoint: str, **values) -> Response:
    """Redirect-after-POST (303) that HTMX follows as well as a plain browser."""
    return redirect(url_for(endpoint, **values), code=303)


def fragment_or_redirect(
    template: str,
    block: str,
    redirect_to: str,
    message: str,
    category: str = "success",
    status: int = 200,
    **context,
) -> Response:
    """After an action: HTMX gets the changed fragment (with the message in it); a plain browser
    gets the message as a flash and a 303 back to the list, as redirect-after-POST wants."""
    if is_fragment_request():
        return render(template, block, status, message=message, **context)
    flash(message, category)
    return redirect(redirect_to, code=303)
