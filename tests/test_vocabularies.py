"""Coordinators edit the shared vocabularies: themes, audiences, districts, languages."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, District, Language, Theme
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("core:vocabularies")


def create_url(kind):
    return reverse("core:vocabulary_create", kwargs={"kind": kind})


def edit_url(kind, entry):
    return reverse("core:vocabulary_edit", kwargs={"kind": kind, "pk": entry.pk})


def delete_url(kind, entry):
    return reverse("core:vocabulary_delete", kwargs={"kind": kind, "pk": entry.pk})


def found_titles(text):
    return [offer.title for offer in search.search_offers(text=text).offers]


def test_the_page_lists_every_vocabulary_with_the_number_of_offers(
    coordinator_client, django_assert_max_num_queries
):
    OfferFactory(searchable=True, title="Stillcafé", themes=["gesundheit"], districts=["mitte"])
    OfferFactory(searchable=True, title="Babymassage", themes=["gesundheit"])

    # 13: the first page of the test's host also reads the site's options (languages,
    # parts; core.site_options), which the next pages of that host no longer ask.
    with django_assert_max_num_queries(13):
        response = coordinator_client.get(INDEX)

    content = response.content.decode()
    assert response.status_code == 200
    for heading in ["Themes", "Audiences", "Districts", "Languages"]:
        assert f">{heading}</h2>" in content
    health = Theme.objects.get(slug="gesundheit")
    row = content.split(edit_url("themen", health))[0].rsplit("<tr", 1)[1]
    assert ">Gesundheit</th>" in row
    assert '<td class="kern-table__cell">2</td>' in row
    assert "Alleinerziehende" in content
    assert "Mitte" in content
    assert "Ukrainisch" in content


def test_the_dashboard_has_a_tile_for_coordinators(coordinator_client, partner_client):
    assert INDEX in coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert INDEX not in partner_client.get(reverse("core:dashboard")).content.decode()


def test_coordinator_adds_a_district(coordinator_client):
    response = coordinator_client.post(
        create_url("ortsteile"), {"name": "Bockum-Hövel", "position": "3"}, follow=True
    )

    district = District.objects.get(name="Bockum-Hövel")
    assert district.slug == "bockum-hoevel"
    assert district.position == 3
    assert response.redirect_chain[-1][0] == f"{INDEX}#ortsteile"
    assert "“Bockum-Hövel” was added." in response.content.decode()
    assert AuditEntry.objects.filter(action="district.create", object_id=str(district.pk)).exists()


def test_coordinator_adds_a_theme_with_a_description_and_a_language_with_a_code(
    coordinator_client,
):
    coordinator_client.post(
        create_url("themen"),
        {"name": "Digitales", "position": "8", "description": "Medien und Internet."},
    )
    coordinator_client.post(
        create_url("sprachen"), {"name": "Farsi", "position": "9", "code": "fa"}
    )

    theme = Theme.objects.get(name="Digitales")
    assert (theme.slug, theme.description) == ("digitales", "Medien und Internet.")
    assert Language.objects.get(name="Farsi").code == "fa"


def test_renaming_keeps_the_slug_and_the_search_follows(
    coordinator_client, django_capture_on_commit_callbacks
):
    OfferFactory(searchable=True, title="Elterncafé", themes=["integration-und-nachbarschaft"])
    theme = Theme.objects.get(slug="integration-und-nachbarschaft")
    assert found_titles("Nachbarschaft") == ["Elterncafé"]

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            edit_url("themen", theme),
            {"name": "Zusammenleben im Quartier", "position": theme.position, "description": ""},
        )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Zusammenleben im Quartier"
    assert theme.slug == "integration-und-nachbarschaft"
    assert "Elterncafé" in found_titles("Quartier")
    assert found_titles("Nachbarschaft") == []
    entry = AuditEntry.objects.get(action="theme.update", object_id=str(theme.pk))
    assert entry.changes["name"] == {
        "before": "Integration und Nachbarschaft",
        "after": "Zusammenleben im Quartier",
    }


def test_a_rename_reindexes_only_published_offers(
    coordinator_client, django_capture_on_commit_callbacks
):
    district = District.objects.create(name="Heessen", slug="heessen")
    published = OfferFactory(searchable=True, title="Spielgruppe", districts=["heessen"])
    OfferFactory(searchable=True, title="Entwurf", districts=["heessen"], status=Offer.Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(edit_url("ortsteile", district), {"name": "Uentrop", "position": 0})

    assert [offer.pk for offer in search.search_offers(text="Uentrop").offers] == [published.pk]


def test_coordinator_reorders_entries(coordinator_client):
    first = District.objects.create(name="Altstadt", slug="altstadt", position=1)
    second = District.objects.create(name="Zentrum", slug="zentrum", position=2)

    coordinator_client.post(edit_url("ortsteile", second), {"name": "Zentrum", "position": "0"})

    content = coordinator_client.get(INDEX).content.decode()
    assert content.index(">Zentrum</th>") < content.index(">Altstadt</th>")
    assert list(District.objects.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_coordinator_deletes_an_unused_entry(coordinator_client):
    district = District.objects.create(name="Unbenutzt", slug="unbenutzt")

    response = coordinator_client.post(delete_url("ortsteile", district), follow=True)

    assert not District.objects.filter(pk=district.pk).exists()
    assert "“Unbenutzt” was deleted." in response.content.decode()
    assert AuditEntry.objects.filter(action="district.delete", object_id=str(district.pk)).exists()


def test_deleting_an_entry_in_use_is_refused_with_the_number_of_offers(coordinator_client):
    OfferFactory(searchable=True, title="Stillcafé", themes=["gesundheit"])
    OfferFactory(
        searchable=True, title="Babymassage", themes=["gesundheit"], status=Offer.Status.DRAFT
    )
    theme = Theme.objects.get(slug="gesundheit")

    response = coordinator_client.post(delete_url("themen", theme), follow=True)

    assert Theme.objects.filter(pk=theme.pk, name="Gesundheit").exists()
    assert theme.offers.count() == 2
    assert "“Gesundheit” cannot be deleted: 2 offers use it." in response.content.decode()
    assert not AuditEntry.objects.filter(action="theme.delete").exists()


def test_deleting_needs_a_post(coordinator_client):
    district = District.objects.create(name="Unbenutzt", slug="unbenutzt")

    response = coordinator_client.get(delete_url("ortsteile", district))

    assert response.status_code == 405
    assert District.objects.filter(pk=district.pk).exists()


def test_an_empty_name_is_refused_at_the_field(coordinator_client):
    response = coordinator_client.post(create_url("ortsteile"), {"name": "  ", "position": "7"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name-error"' in content
    assert "This field is required." in content
    assert 'name="position" value="7"' in content
    assert not District.objects.exists()


def test_a_duplicate_name_is_refused_at_the_field_with_the_values_kept(coordinator_client):
    theme = Theme.objects.get(slug="gesundheit")
    count = Theme.objects.count()

    response = coordinator_client.post(
        create_url("themen"), {"name": "gesundheit", "position": "4", "description": "Noch mal"}
    )
    renamed = coordinator_client.post(
        edit_url("themen", Theme.objects.get(slug="bildung-und-betreuung")),
        {"name": "Gesundheit", "position": "2", "description": ""},
    )

    for answer in (response, renamed):
        content = answer.content.decode()
        assert answer.status_code == 200
        error = content.split('id="id_name-error"')[1].split("</div>")[0]
        assert "There is already an entry with this name." in error
    assert 'value="gesundheit"' in response.content.decode()
    assert "Noch mal</textarea>" in response.content.decode()
    assert Theme.objects.count() == count
    assert Theme.objects.get(slug="bildung-und-betreuung").name == "Bildung und Betreuung"
    assert Theme.objects.get(pk=theme.pk).name == "Gesundheit"


def test_an_unknown_vocabulary_is_not_found(coordinator_client):
    assert coordinator_client.get(create_url("farben")).status_code == 404


@pytest.mark.parametrize("client_name", ["partner_client", "family_client"])
def test_partner_staff_and_families_are_refused(request, client_name):
    client = request.getfixturevalue(client_name)
    theme = Theme.objects.get(slug="gesundheit")

    answers = [
        client.get(INDEX),
        client.post(create_url("themen"), {"name": "Neu", "position": "1"}),
        client.post(edit_url("themen", theme), {"name": "Umbenannt", "position": "1"}),
        client.post(delete_url("themen", theme)),
    ]

    assert [answer.status_code for answer in answers] == [403] * 4
    assert Theme.objects.get(pk=theme.pk).name == "Gesundheit"
    assert not Theme.objects.filter(name="Neu").exists()


def test_anonymous_visitors_are_sent_to_the_login(anon_client):
    response = anon_client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(INDEX)}"


def test_a_rename_of_an_entry_of_many_offers_rebuilds_the_index_once(
    coordinator_client, django_capture_on_commit_callbacks, monkeypatch
):
    from familienrathaus.offers import renames

    district = District.objects.create(name="Heessen", slug="heessen")
    OfferFactory.create_batch(2, searchable=True, districts=["heessen"])
    monkeypatch.setattr(renames, "REINDEX_ONE_BY_ONE_LIMIT", 1)
    rebuilds = []
    rebuild = search.reindex_all
    monkeypatch.setattr(search, "reindex_all", lambda: rebuilds.append(1) or rebuild())
    monkeypatch.setattr(search, "reindex", lambda offer: pytest.fail("reindexed one by one"))

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(edit_url("ortsteile", district), {"name": "Uentrop", "position": 0})

    assert rebuilds == [1]
    assert search.search_offers(text="Uentrop").total == 2
