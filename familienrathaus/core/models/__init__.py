from .address import PostalAddress
from .alliance import Alliance
from .audit import AuditEntry
from .feedback import AccessibilityFeedback
from .imports import ImportRun
from .outbox import OutboxMessage
from .site import LegalPage, SiteSettings
from .taxonomy import Audience, District, Language, Theme
from .tokens import ApiToken
from .users import AllianceMembership, User

__all__ = [
    "AccessibilityFeedback",
    "Alliance",
    "AllianceMembership",
    "ApiToken",
    "Audience",
    "AuditEntry",
    "District",
    "ImportRun",
    "Language",
    "LegalPage",
    "OutboxMessage",
    "PostalAddress",
    "SiteSettings",
    "Theme",
    "User",
]
