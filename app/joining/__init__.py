from flask import Blueprint

bp = Blueprint("joining", __name__)

from app.joining import views  # noqa: E402,F401
