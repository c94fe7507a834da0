"""Public pages (no login): the areas, each area's TIF page and counter card, privacy and
accessibility."""

from flask import Blueprint

from app.features import Feature

bp = Blueprint("public", __name__)

feature = Feature(name="public", blueprint=bp, models=None)
