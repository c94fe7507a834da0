"""Error pages: translated, without stack traces; HTMX requests get the message block."""

from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.htmx import render

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist, or it is not in your area.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is larger than the portal accepts.")),
    429: (
        _l("Too many attempts"),
        _l("You have tried too many times in a short while. Wait a few minutes and try again."),
    ),
    500: (_l("Something went wrong"), _l("The error has been logged. Try again in a moment.")),
}


def error_page(code: int, message=None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render(
        "errors/error.html",
        block="error",
        status=code,
        code=code,
        title=title,
        message=message or default,
    )


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(
            400,
            _l("The form had expired or was sent from elsewhere. Reload the page and try again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code and error.code < 400:  # routing redirects are not errors
            return error
        return error_page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        app.logger.exception("unhandled error")
        return error_page(InternalServerError.code)
