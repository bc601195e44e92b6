from .audit import AuditEntry
from .feedback import AccessibilityFeedback
from .outbox import OutboxMessage
from .site import LegalPage, SiteSettings
from .tokens import ApiToken
from .users import User

__all__ = [
    "AccessibilityFeedback",
    "ApiToken",
    "AuditEntry",
    "LegalPage",
    "OutboxMessage",
    "SiteSettings",
    "User",
]
