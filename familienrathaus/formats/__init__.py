"""Date formats per language (``settings.FORMAT_MODULE_PATH``).

Django's own locale formats (``django/conf/locale/<language>/formats.py``) hold for
everything not named here. Each language's module adds the named formats our templates
use for a date with its weekday, which Django has not:

- ``WEEKDAY_DATE_FORMAT``             Samstag, 5. Dezember 2026
- ``WEEKDAY_DATETIME_FORMAT``         Samstag, 5. Dezember 2026, 14:30
- ``SHORT_WEEKDAY_DATE_FORMAT``       Sa, 5. Dezember 2026
- ``SHORT_WEEKDAY_DATETIME_FORMAT``   Sa, 5. Dezember 2026, 14:30

used as ``{{ value|date:"WEEKDAY_DATE_FORMAT" }}`` (``date_format`` looks a name up in
these modules first). Every language module must define all four: a name a module
lacks would be printed as a format string. It overrides Django's formats only where
they are wrong for a German family site: English dates in the British order with the
24-hour clock the rest of the site uses, Russian and Ukrainian day and month with the
month in the genitive ("5 декабря"), Arabic with a date-and-time format at all.
"""
