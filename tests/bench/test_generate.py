"""The benchmark's dataset generator, at a small scale: the national geography, every
municipality covered, some split over several areas, and the demo accounts kept."""

import peewee as pw

from app.accounts.models import User
from app.areas.models import Area, AreaMunicipality, County, CustomsRegionArea, Municipality
from app.businesses.models import Business
from app.db import database
from bench.generate import build


def test_generator_builds_the_national_geography_at_small_scale(app):
    build(app, scale=0.002, log=lambda message: None)
    with app.app_context():
        database.connect(reuse_if_open=True)
        assert County.select().count() == 21
        assert Area.select().count() == 90
        assert Municipality.select().count() == 290
        assert all(len(m.code) == 4 and m.code.isdigit() for m in Municipality.select())
        covered = AreaMunicipality.select(AreaMunicipality.municipality).distinct().count()
        assert covered == 290
        split = (
            AreaMunicipality.select(AreaMunicipality.municipality)
            .group_by(AreaMunicipality.municipality)
            .having(pw.fn.COUNT(AreaMunicipality.id) > 1)
            .count()
        )
        assert split >= 5
        assert CustomsRegionArea.select().count() == 90  # every area in one region
        assert Business.select().count() == 30
        assert User.select().where(User.role == "business").count() >= 30
        for business in Business.select(Business.area, Business.municipality):
            assert AreaMunicipality.get_or_none(
                area=business.area_id, municipality=business.municipality_id
            )
        assert User.get(User.email == "ombud@example.com").role == "business"
        generated = User.select(User.password_hash).where(User.email.endswith("@bench.example"))
        assert len({u.password_hash for u in generated}) == 1  # one precomputed hash
        database.close()
