# Django's Russian formats; day and month with the month in the genitive
# ("5 декабря", Django: "5 декабрь"), hours with two digits as everywhere on the site.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г. H:i"
MONTH_DAY_FORMAT = "j E"
WEEKDAY_DATE_FORMAT = "l, j E Y г."
WEEKDAY_DATETIME_FORMAT = "l, j E Y г., H:i"
SHORT_WEEKDAY_DATE_FORMAT = "D, j E Y г."
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j E Y г., H:i"
