"""The two limits of an item: how many one order may hold, and how many one business may
order in a calendar year. The order form checks them at each field, and the service checks
them again inside its transaction (two orders sent at once must not pass the yearly limit
together)."""

from flask_babel import format_number
from flask_babel import gettext as _


def quantity_problems(items, quantities: dict, used: dict) -> dict:
    """Item id -> what is wrong with the quantity asked for (nothing for a quantity within
    both limits). `quantities`: item id -> number asked for; `used`: item id -> number
    already ordered this year."""
    problems = {}
    for item in items:
        wanted = quantities.get(item.id) or 0
        if wanted <= 0:
            continue
        remaining = max(0, item.max_per_year - used.get(item.id, 0))
        if wanted > item.max_per_order:
            problems[item.id] = _(
                "You can order at most %(limit)s in one order.",
                limit=format_number(item.max_per_order),
            )
        elif remaining == 0:
            problems[item.id] = _(
                "Your business has already ordered the most it can this year (%(limit)s).",
                limit=format_number(item.max_per_year),
            )
        elif wanted > remaining:
            problems[item.id] = _(
                "Your business can order %(remaining)s more this year (at most %(limit)s a year).",
                remaining=format_number(remaining),
                limit=format_number(item.max_per_year),
            )
    return problems


def remaining(item, used: dict) -> int:
    """How many more of the item the business may order this year."""
    return max(0, item.max_per_year - used.get(item.id, 0))
