# Django's German formats, plus the named ones with the weekday (see the package).
WEEKDAY_DATE_FORMAT = "l, j. F Y"
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"
SHORT_WEEKDAY_DATE_FORMAT = "D, j. F Y"
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j. F Y, H:i"
