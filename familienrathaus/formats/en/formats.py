# English for readers in Germany: the British order and the 24-hour clock of the rest
# of the site ("Saturday, 5 December 2026, 14:30"), not Django's "Dec. 5, 2026, 2:30 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
WEEKDAY_DATE_FORMAT = "l, j F Y"
WEEKDAY_DATETIME_FORMAT = "l, j F Y, H:i"
SHORT_WEEKDAY_DATE_FORMAT = "D, j F Y"
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j F Y, H:i"
