# Django's Turkish formats; the weekday follows the date ("5 Aralık 2026 Cumartesi").
WEEKDAY_DATE_FORMAT = "j F Y l"
WEEKDAY_DATETIME_FORMAT = "j F Y l, H:i"
SHORT_WEEKDAY_DATE_FORMAT = "j F Y D"
SHORT_WEEKDAY_DATETIME_FORMAT = "j F Y D, H:i"
