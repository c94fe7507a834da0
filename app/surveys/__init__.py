"""Trust and safety feedback (trygghetsenkät): survey rounds that businesses answer, stored
without a link to the person; results staff read with every small group suppressed; free
text a moderator reviews first; and a dialogue between businesses and the area's staff."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("surveys", __name__)

feature = Feature(
    name="surveys",
    blueprint=bp,
    jobs="jobs",
    capabilities={
        "survey_results": {"police", "municipality", "county", "admin"},
        "survey_manage": {"police", "municipality", "admin"},
        "survey_moderate": {"police", "municipality"},
    },
    menu=(
        MenuEntry("surveys.mine", _l("Safety survey"), "business_self", 22),
        MenuEntry("surveys.dialogue", _l("Dialogue"), "business_self", 23),
        MenuEntry("surveys.index", _l("Safety survey"), "survey_results", 22),
        MenuEntry("surveys.review", _l("Messages and free text"), "survey_moderate", 23),
    ),
    home_panels=(
        HomePanel("surveys/_home_business.html", "business_self", 22, "queries:business_panel"),
        HomePanel("surveys/_home_staff.html", "survey_results", 22, "queries:staff_panel"),
    ),
    audit_actions={
        "survey_round_opened": _l("Opened a safety survey round"),
        "survey_round_closed": _l("Closed a safety survey round"),
        "survey_question_added": _l("Added a question to the area's safety survey"),
        "survey_question_changed": _l("Changed a question of the safety survey"),
        "survey_question_retired": _l("Removed a question from the safety survey"),
        "survey_comment_approved": _l("Approved a free-text answer of the safety survey"),
        "survey_comment_rejected": _l("Withheld a free-text answer of the safety survey"),
        "survey_message_replied": _l("Replied to a message from a business"),
        "survey_message_handled": _l("Marked a message from a business as handled"),
    },
    demo="demo:load",
    retention="jobs:retention",
    personal_data="queries:personal_data",
    erase_personal_data="services:forget_person",
    setup="models:configure",
    order=60,
)
