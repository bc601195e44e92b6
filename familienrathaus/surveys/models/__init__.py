"""The surveys' data model (issue 15): a survey, its sections and questions with their
options and matrix items; the ways in (channels, invitation codes); the answers.

Anonymity is a property of the model itself: a response has no time finer than a day,
no IP, no user agent; an invitation code never points at the response it opened.
"""

from familienrathaus.surveys.models.responses import Answer, Response
from familienrathaus.surveys.models.snapshots import ResultSnapshot
from familienrathaus.surveys.models.structure import (
    Condition,
    MatrixItem,
    Operator,
    Option,
    Question,
    Section,
)
from familienrathaus.surveys.models.survey import CODE_ALPHABET, Channel, InvitationCode, Survey

__all__ = [
    "CODE_ALPHABET",
    "Answer",
    "Channel",
    "Condition",
    "InvitationCode",
    "MatrixItem",
    "Operator",
    "Option",
    "Question",
    "Response",
    "ResultSnapshot",
    "Section",
    "Survey",
]
