"""The map of responsibility: counties, police areas, municipalities, customs regions (models
and reads only; admins edit them in the administration)."""

from app.features import Feature

feature = Feature(name="areas", views=None, demo="demo:load", order=10)
