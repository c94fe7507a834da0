"""The production-readiness part: requests for erasure at national scale (a few per area, some
answered) and the account and privacy pages every user reaches."""

from datetime import timedelta

from bench.generate import SIZES, Context, bulk_insert
from bench.pages import ADMIN, BOOSTED, BUSINESS, MUNICIPALITY, POLICE, Page

NAME = "production"
SIZES["erasure_requests"] = 900  # about 10 per police area over three years

PAGES = [
    Page("your account", "/account", BUSINESS),
    Page("your account (boosted)", "/account", POLICE, BOOSTED),
    Page("sessions", "/account/sessions", BUSINESS),
    Page("your personal data", "/account/data", BUSINESS),
    Page("requests for erasure", "/privacy-requests/", POLICE, dashboard=True),
    Page("requests for erasure (municipality)", "/privacy-requests/", MUNICIPALITY, dashboard=True),
    Page("requests for erasure (admin)", "/privacy-requests/", ADMIN, dashboard=True),
]


def generate(ctx: Context) -> None:
    """Requests from business users (handled in their area) and staff (by admins); one in
    eight still waiting, the rest erased or declined over three years."""
    from app.privacy.models import ErasureRequest

    rng = ctx.rng
    business_area = {b[0]: (b[1], b[2]) for b in ctx.businesses}
    rows = []
    for _ in range(ctx.size("erasure_requests")):
        user_id, role, _area, _municipality, business_id = rng.choice(ctx.users)
        area_id, municipality_id = business_area.get(business_id, (None, None))
        asked = ctx.now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        status = rng.choices(("pending", "erased", "declined"), (1, 6, 1))[0]
        rows.append(
            {
                "user": user_id,
                "area": area_id if role == "business" else None,
                "municipality": municipality_id if role == "business" else None,
                "status": status,
                "decline_reason": "archive" if status == "declined" else "",
                "requested_at": asked,
                "handled_at": None if status == "pending" else asked + timedelta(days=3),
            }
        )
    bulk_insert(ErasureRequest, rows)
