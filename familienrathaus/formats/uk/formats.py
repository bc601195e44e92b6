# Django's Ukrainian formats; day and month with the month in the genitive
# ("5 грудня", Django: "05 грудень").
MONTH_DAY_FORMAT = "j E"
WEEKDAY_DATE_FORMAT = "l, j E Y р."
WEEKDAY_DATETIME_FORMAT = "l, j E Y р., H:i"
SHORT_WEEKDAY_DATE_FORMAT = "D, j E Y р."
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j E Y р., H:i"
