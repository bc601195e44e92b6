"""Test factories (factory_boy) and builders, one module per app, one factory per model.

Import from the package: ``from tests.factories import OfferFactory, UserFactory``.

* ``core``: users, legal pages, feedback, outbox rows, audit entries, districts, the
  seeded vocabularies (``theme``, ``audience``, ``district``), ``at`` (a time on the
  town's clock) and uploaded files (``png_upload``, ``pdf_upload`` …);
* ``partners``: organisations, addresses, contact persons;
* ``offers``: ``OfferFactory`` with the traits ``published``, ``in_guide``,
  ``searchable``; helpers for the offer form;
* ``events``: events through ``events.services`` (``make_event``);
* ``holidays``: periods (trait ``wish_phase``), activities, occasions, children,
  bookings; ``lottery``: occasions on a day of the holidays and wishes;
* ``news``, ``newsletter``, ``places``, ``postcards``;
* ``guide``: theme slugs and what poppler reads from a PDF;
* ``imports``: CSV/XLSX files and the upload steps of an import.
"""

from tests.factories.core import (
    BERLIN,
    DEFAULT_PASSWORD,
    TOTP_SECRET,
    AccessibilityFeedbackFactory,
    AuditEntryFactory,
    DistrictFactory,
    LegalPageFactory,
    OutboxMessageFactory,
    UserFactory,
    at,
    audience,
    district,
    jpeg_with_gps,
    pdf_upload,
    png_upload,
    terms,
    theme,
)
from tests.factories.events import event_form, first_date, make_event
from tests.factories.guide import (
    EARLY_HELP,
    EDUCATION,
    HEALTH,
    pdf_images,
    pdf_info,
    pdf_objects,
    pdf_text,
)
from tests.factories.holidays import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    InvoiceFactory,
    OccasionFactory,
    PeriodFactory,
)
from tests.factories.imports import confirm, csv_bytes, latest_run, read_xlsx, upload, xlsx_bytes
from tests.factories.lottery import occasion, wish
from tests.factories.news import CategoryFactory, NewsPostFactory
from tests.factories.newsletter import EditionFactory, SubscriberFactory, TopicFactory, edition_with
from tests.factories.offers import (
    OfferFactory,
    add_details,
    form_data,
    make_offer,
    published,
    with_rows,
)
from tests.factories.partners import AddressFactory, ContactPersonFactory, OrganisationFactory
from tests.factories.places import NotinselFactory, PlaceFactory, kind, place_data
from tests.factories.postcards import PostcardFactory

__all__ = [
    "BERLIN",
    "DEFAULT_PASSWORD",
    "EARLY_HELP",
    "EDUCATION",
    "HEALTH",
    "TOTP_SECRET",
    "AccessibilityFeedbackFactory",
    "ActivityFactory",
    "AddressFactory",
    "AuditEntryFactory",
    "BookingFactory",
    "CategoryFactory",
    "ChildFactory",
    "ContactPersonFactory",
    "DistrictFactory",
    "EditionFactory",
    "InvoiceFactory",
    "LegalPageFactory",
    "NewsPostFactory",
    "NotinselFactory",
    "OccasionFactory",
    "OfferFactory",
    "OrganisationFactory",
    "OutboxMessageFactory",
    "PeriodFactory",
    "PlaceFactory",
    "PostcardFactory",
    "SubscriberFactory",
    "TopicFactory",
    "UserFactory",
    "add_details",
    "at",
    "audience",
    "confirm",
    "csv_bytes",
    "district",
    "edition_with",
    "event_form",
    "first_date",
    "form_data",
    "jpeg_with_gps",
    "kind",
    "latest_run",
    "make_event",
    "make_offer",
    "occasion",
    "pdf_images",
    "pdf_info",
    "pdf_objects",
    "pdf_text",
    "pdf_upload",
    "place_data",
    "png_upload",
    "published",
    "read_xlsx",
    "terms",
    "theme",
    "upload",
    "wish",
    "with_rows",
    "xlsx_bytes",
]
