from .address import PostalAddress
from .audit import AuditEntry
from .feedback import AccessibilityFeedback
from .outbox import OutboxMessage
from .site import LegalPage, SiteSettings
from .taxonomy import Audience, District, Language, Theme
from .tokens import ApiToken
from .users import User

__all__ = [
    "AccessibilityFeedback",
    "ApiToken",
    "Audience",
    "AuditEntry",
    "District",
    "Language",
    "LegalPage",
    "OutboxMessage",
    "PostalAddress",
    "SiteSettings",
    "Theme",
    "User",
]
