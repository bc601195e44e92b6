# Django's Arabic formats, plus a date with time (Django has none for Arabic and would
# fall back to the American one) and the 24-hour clock of the rest of the site.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
WEEKDAY_DATE_FORMAT = "l، j F Y"
WEEKDAY_DATETIME_FORMAT = "l، j F Y، H:i"
SHORT_WEEKDAY_DATE_FORMAT = "D، j F Y"
SHORT_WEEKDAY_DATETIME_FORMAT = "D، j F Y، H:i"
