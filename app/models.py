"""Every model of the portal, in dependency order (for create_tables and the migration test)."""

from app.accounts.models import MODELS as ACCOUNT_MODELS
from app.accounts.models import Session
from app.areas.models import MODELS as AREA_MODELS
from app.audit.models import MODELS as AUDIT_MODELS
from app.businesses.models import MODELS as BUSINESS_MODELS
from app.joining.models import MODELS as JOINING_MODELS
from app.mail import OutboxMail
from app.prospects.models import MODELS as PROSPECT_MODELS

MODELS = [
    *AREA_MODELS,
    *BUSINESS_MODELS,
    *ACCOUNT_MODELS,
    *AUDIT_MODELS,
    OutboxMail,
    *PROSPECT_MODELS,
    *JOINING_MODELS,
]

__all__ = ["MODELS", "Session"]
