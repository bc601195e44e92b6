"""The shared template library (issue 23, point 5): one alliance publishes a survey, its
criteria catalogue or a mail text; another browses the library, previews and copies it
into a draft of its own. Through HTTP, as the coordinators of both alliances."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from familienrathaus.concerns.models import AnswerTemplate
from familienrathaus.core import tenancy
from familienrathaus.core.models import AuditEntry, SiteSettings
from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import Catalogue, Criterion
from familienrathaus.library import services
from familienrathaus.library.models import SharedTemplate, TemplateCopy
from familienrathaus.surveys.models import Question, Survey
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import UserFactory
from tests.factories.survey_answers import respond
from tests.factories.surveys import make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

LIBRARY = "/verwaltung/bibliothek/"


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a_coordinator = coordinator_with_totp("koordination-a@example.org")
    with tenancy.activate(second_alliance):
        b_coordinator = coordinator_with_totp("koordination-b@example.org")
    return {
        "a": english_client(a_coordinator),
        "a_user": a_coordinator,
        "b": alliance_client(second_alliance, b_coordinator),
        "b_user": b_coordinator,
        "second": second_alliance,
    }


def _publish(client: Any, kind: str, pk: int, title: str, description: str = "") -> Any:
    response = client.post(
        reverse("library:publish", kwargs={"kind": kind, "pk": pk}),
        {"title": title, "description": description},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return SharedTemplate.objects.get(kind=kind, source_id=pk)


def _copy(client: Any, entry: SharedTemplate) -> str:
    """Copy ``entry`` as the client's coordinator; the page's link to the new draft."""
    confirm = client.get(reverse("library:copy", kwargs={"uid": entry.uid}))
    assert confirm.status_code == 200
    assert "Yes, make a copy" in confirm.content.decode()
    response = client.post(reverse("library:copy", kwargs={"uid": entry.uid}))
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Open the new draft" in done.content.decode()
    return done.content.decode()


def _criteria(catalogue: Catalogue) -> list[str]:
    return sorted(
        Criterion.objects.filter(field__catalogue=catalogue).values_list("text", flat=True)
    )


def _versions() -> dict[int, Any]:
    return {c.pk: (c.version, c.frozen_at) for c in Catalogue.objects.all()}


def _survey_shape(survey: Survey) -> list[tuple[str, str, list[str]]]:
    return [
        (q.code, q.text_de, [o.label_de for o in q.options.all()])
        for q in Question.objects.filter(survey=survey).order_by("section__position", "position")
    ]


def test_a_survey_published_in_a_is_copied_by_b_as_its_own_draft(both: dict[str, Any]) -> None:
    survey = make_survey(published=True, title_de="Elternbefragung Musterstadt")
    respond(survey, kinder="1", zufrieden=4, anmerkung="Geheime Anmerkung einer Mutter")
    shape = _survey_shape(survey)
    entry = _publish(both["a"], "survey", survey.pk, "Elternbefragung als Vorlage", "Zehn Minuten")

    index = both["b"].get(LIBRARY).content.decode()
    assert "Elternbefragung als Vorlage" in index
    assert "published by Lokales Bündnis für Familie" in index
    preview = both["b"].get(reverse("library:detail", kwargs={"uid": entry.uid})).content.decode()
    assert "Haben Sie Kinder unter 6?" in preview
    assert "Mehr Spielplätze" in preview

    page = _copy(both["b"], entry)

    with tenancy.activate(both["second"]):
        copy = Survey.objects.get()
        assert copy.status == Survey.Status.DRAFT
        assert copy.alliance_id == both["second"].pk
        assert copy.title_de == "Elternbefragung Musterstadt"
        assert _survey_shape(copy) == shape
        assert not copy.responses.exists()
        # The condition of the second section points at the copy's own option.
        conditioned = copy.sections.exclude(condition_option=None).get()
        assert conditioned.condition_option.question.survey_id == copy.pk
        assert reverse("surveys:manage-detail", kwargs={"pk": copy.pk}) in page
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED
    assert _survey_shape(survey) == shape
    assert survey.responses.count() == 1


def test_answers_and_personal_data_never_go_into_a_payload(both: dict[str, Any]) -> None:
    survey = make_survey(published=True, created_by=both["a_user"])
    respond(survey, kinder="1", anmerkung="Geheime Anmerkung einer Mutter")
    template = AnswerTemplate.objects.create(title="Eingang", text="Vielen Dank, Frau Muster.")
    catalogue = Catalogue.objects.order_by("pk").first()
    assert catalogue is not None

    payloads = [
        _publish(both["a"], "survey", survey.pk, "Befragung").payload,
        _publish(both["a"], "mail_text", template.pk, "Eingangsbestätigung").payload,
        _publish(both["a"], "criteria_catalogue", catalogue.pk, "Kriterien").payload,
    ]

    text = json.dumps(payloads, ensure_ascii=False)
    assert "Geheime Anmerkung" not in text
    assert "koordination-a@example.org" not in text
    for key in ('"id"', '"pk"', '"created_by"', '"alliance"', '"token"', '"slug"'):
        assert key not in text
    for channel in survey.channels.all():
        assert channel.token not in text


def test_the_criteria_catalogue_becomes_a_new_editable_version_in_b(both: dict[str, Any]) -> None:
    catalogue = Catalogue.objects.order_by("pk").first()
    assert catalogue is not None
    texts = _criteria(catalogue)
    entry = _publish(both["a"], "criteria_catalogue", catalogue.pk, "Unser Kriterienkatalog")
    with tenancy.activate(both["second"]):
        before = _versions()

    _copy(both["b"], entry)

    with tenancy.activate(both["second"]):
        new = Catalogue.objects.exclude(pk__in=before).get()
        assert new.alliance_id == both["second"].pk
        assert new.frozen_at is None
        assert new.version == max(v for v, _f in before.values()) + 1
        assert _criteria(new) == texts
        # The versions B had, frozen or not, stay as they were.
        assert {pk: v for pk, v in _versions().items() if pk != new.pk} == before
    assert _criteria(catalogue) == texts


def test_a_mail_text_is_copied_as_a_new_answer_template(both: dict[str, Any]) -> None:
    template = AnswerTemplate.objects.create(
        title="Eingangsbestätigung", text="Vielen Dank für Ihr Anliegen.", interim=True
    )
    entry = _publish(both["a"], "mail_text", template.pk, "Eingangsbestätigung")

    _copy(both["b"], entry)

    with tenancy.activate(both["second"]):
        copy = AnswerTemplate.objects.get(title="Eingangsbestätigung")
        assert copy.text == "Vielen Dank für Ihr Anliegen."
        assert copy.interim is False
        assert copy.alliance_id == both["second"].pk
    template.refresh_from_db()
    assert template.interim is True


def test_a_withdrawn_template_disappears_for_new_copies(both: dict[str, Any]) -> None:
    survey = make_survey(title_de="Zurückgezogene Vorlage")
    entry = _publish(both["a"], "survey", survey.pk, "Zurückgezogene Vorlage")
    _copy(both["b"], entry)

    response = both["a"].post(reverse("library:withdraw", kwargs={"pk": entry.pk}))
    assert response.status_code == 302

    assert "Zurückgezogene Vorlage" not in both["b"].get(LIBRARY).content.decode()
    detail = reverse("library:detail", kwargs={"uid": entry.uid})
    assert both["b"].get(detail).status_code == 404
    copy_url = reverse("library:copy", kwargs={"uid": entry.uid})
    assert both["b"].post(copy_url).status_code == 404
    with tenancy.activate(both["second"]):
        assert Survey.objects.count() == 1  # the copy made before stays
        assert TemplateCopy.objects.count() == 1
    assert "withdrawn" in both["a"].get(reverse("library:ours")).content.decode()


def test_copying_twice_makes_two_drafts(both: dict[str, Any]) -> None:
    survey = make_survey()
    entry = _publish(both["a"], "survey", survey.pk, "Zweimal")

    _copy(both["b"], entry)
    _copy(both["b"], entry)

    with tenancy.activate(both["second"]):
        copies = list(Survey.objects.all())
        assert len(copies) == 2
        assert len({s.slug for s in copies}) == 2
        assert all(s.status == Survey.Status.DRAFT for s in copies)
        assert TemplateCopy.objects.count() == 2
    entry.refresh_from_db()
    assert entry.copies == 2
    assert Survey.objects.count() == 1


def test_an_unpublished_survey_never_appears(both: dict[str, Any]) -> None:
    make_survey(published=True, title_de="Nicht in der Bibliothek")
    shared = make_survey(title_de="Geteilte Befragung")
    _publish(both["a"], "survey", shared.pk, "Geteilte Befragung")

    index = both["b"].get(LIBRARY).content.decode()
    assert "Geteilte Befragung" in index
    assert "Nicht in der Bibliothek" not in index
    assert (
        "Nicht in der Bibliothek" not in both["b"].get(f"{LIBRARY}?q=Bibliothek").content.decode()
    )


def test_a_suspended_alliance_s_templates_are_not_shown(both: dict[str, Any]) -> None:
    with tenancy.activate(both["second"]):
        survey = make_survey(title_de="Aus Beispieldorf")
        entry = _publish(both["b"], "survey", survey.pk, "Aus Beispieldorf")
    assert "Aus Beispieldorf" in both["a"].get(LIBRARY).content.decode()

    both["second"].is_active = False
    both["second"].save()

    assert "Aus Beispieldorf" not in both["a"].get(LIBRARY).content.decode()
    assert both["a"].get(reverse("library:detail", kwargs={"uid": entry.uid})).status_code == 404


def test_an_alliance_that_does_not_use_surveys_sees_no_survey_templates(
    both: dict[str, Any],
) -> None:
    survey = make_survey()
    template = AnswerTemplate.objects.create(title="Eingang", text="Danke.")
    entry = _publish(both["a"], "survey", survey.pk, "Befragungsvorlage")
    _publish(both["a"], "mail_text", template.pk, "Mailvorlage")
    with tenancy.activate(both["second"]):
        SiteSettings.objects.update_or_create(defaults={"disabled_apps": ["surveys"]})

    index = both["b"].get(LIBRARY).content.decode()
    assert "Mailvorlage" in index
    assert "Befragungsvorlage" not in index
    assert both["b"].get(reverse("library:detail", kwargs={"uid": entry.uid})).status_code == 404
    assert both["b"].post(reverse("library:copy", kwargs={"uid": entry.uid})).status_code == 404


def test_publishing_again_makes_a_new_version_and_the_library_filters_by_kind(
    both: dict[str, Any],
) -> None:
    survey = make_survey(title_de="Versioniert")
    template = AnswerTemplate.objects.create(title="Absage", text="Leider nicht.")
    _publish(both["a"], "survey", survey.pk, "Versioniert")
    _publish(both["a"], "mail_text", template.pk, "Absage")
    Question.objects.filter(survey=survey, code="kinder").update(text_de="Neue Frage?")

    entry = _publish(both["a"], "survey", survey.pk, "Versioniert, zweite Fassung")

    assert entry.version == 2
    assert SharedTemplate.objects.filter(kind="survey").count() == 1
    assert "Neue Frage?" in json.dumps(entry.payload, ensure_ascii=False)
    surveys_only = both["b"].get(f"{LIBRARY}?kind=survey").content.decode()
    assert "Versioniert, zweite Fassung" in surveys_only
    assert "version 2" in surveys_only
    assert "Absage" not in surveys_only
    found = both["b"].get(f"{LIBRARY}?q=Absage").content.decode()
    assert "Absage" in found and "Versioniert" not in found


def test_publishing_withdrawing_and_copying_are_in_the_audit_log(both: dict[str, Any]) -> None:
    survey = make_survey()
    entry = _publish(both["a"], "survey", survey.pk, "Protokolliert")
    _copy(both["b"], entry)
    both["a"].post(reverse("library:withdraw", kwargs={"pk": entry.pk}))

    assert {"library.publish", "library.withdraw"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    with tenancy.activate(both["second"]):
        assert AuditEntry.objects.filter(action="library.copy", actor=both["b_user"]).exists()


def test_the_pages_of_surveys_catalogues_and_mail_texts_link_to_publishing(
    both: dict[str, Any],
) -> None:
    survey = make_survey()
    catalogue = Catalogue.objects.order_by("pk").first()
    assert catalogue is not None
    template = AnswerTemplate.objects.create(title="Eingang", text="Danke.")
    pages = {
        reverse("surveys:manage-detail", kwargs={"pk": survey.pk}): ("survey", survey.pk),
        reverse("employers:catalogue", kwargs={"pk": catalogue.pk}): (
            "criteria_catalogue",
            catalogue.pk,
        ),
        reverse("concerns:desk-template", kwargs={"pk": template.pk}): ("mail_text", template.pk),
    }
    for page, (kind, pk) in pages.items():
        content = both["a"].get(page).content.decode()
        assert reverse("library:publish", kwargs={"kind": kind, "pk": pk}) in content, page
        assert "Publish to the library" in content


# ------------------------------------------------------------------ who may


def _urls() -> list[tuple[str, str]]:
    survey = make_survey()
    entry = services.publish(
        actor=coordinator_with_totp("publisher@example.org"),
        kind="survey",
        obj=survey,
        title="Vorlage",
    )
    return [
        ("get", LIBRARY),
        ("get", reverse("library:ours")),
        ("get", reverse("library:detail", kwargs={"uid": entry.uid})),
        ("get", reverse("library:copy", kwargs={"uid": entry.uid})),
        ("post", reverse("library:copy", kwargs={"uid": entry.uid})),
        ("get", reverse("library:publish", kwargs={"kind": "survey", "pk": survey.pk})),
        ("post", reverse("library:withdraw", kwargs={"pk": entry.pk})),
    ]


@pytest.mark.parametrize("role", [Role.FAMILY, Role.PARTNER])
def test_families_and_partners_cannot_reach_the_library(role: str) -> None:
    client = english_client(UserFactory(role=role))
    for method, url in _urls():
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login() -> None:
    client = english_client()
    for method, url in _urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/konto/" in response["Location"]


def test_the_dashboard_shows_coordinators_the_library_and_partners_not(
    both: dict[str, Any], partner_client: Any
) -> None:
    assert LIBRARY in both["a"].get("/verwaltung/").content.decode()
    assert LIBRARY not in partner_client.get("/verwaltung/").content.decode()


# ------------------------------------------------------------------ languages


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ru", "ar"])
def test_the_library_speaks_six_languages(both: dict[str, Any], language: str) -> None:
    survey = make_survey()
    entry = _publish(both["a"], "survey", survey.pk, "Sprachen")
    client = alliance_client(both["second"], both["b_user"], language=language)
    with translation.override(language):
        words = {
            LIBRARY: ["Template library", "Published and copied by us"],
            reverse("library:detail", kwargs={"uid": entry.uid}): [
                "Copy into our alliance",
                "Preview",
            ],
            reverse("library:copy", kwargs={"uid": entry.uid}): ["Yes, make a copy"],
            reverse("library:ours"): ["Our templates in the library", "Copied from the library"],
        }
        expected = {
            url: [translation.gettext(text) for text in texts] for url, texts in words.items()
        }
    for url, texts in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for original, text in zip(words[url], texts, strict=True):
            assert text in content, (url, text)
            if language != "en":
                assert text != original, (language, original)
