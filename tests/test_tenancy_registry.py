"""Every model is either alliance content (scoped) or named as global with a reason
(core.tenancy.GLOBAL_MODELS): a new model that is neither fails here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import translation
from django_scopes.exceptions import ScopeError
from django_scopes.state import state

from familienrathaus.core import tenancy
from familienrathaus.core.models.alliance import AllianceOwned

pytestmark = pytest.mark.django_db

SCOPED = sorted(
    (model for model in apps.get_models() if issubclass(model, AllianceOwned)),
    key=lambda model: model._meta.label,
)


@contextmanager
def no_alliance_active() -> Iterator[None]:
    token = state.set({})
    try:
        yield
    finally:
        state.reset(token)


def test_every_model_is_scoped_or_named_global() -> None:
    unlisted = [
        model._meta.label
        for model in apps.get_models()
        if not issubclass(model, AllianceOwned) and model._meta.label not in tenancy.GLOBAL_MODELS
    ]
    assert unlisted == [], "neither AllianceOwned nor in core.tenancy.GLOBAL_MODELS"


def test_the_global_list_names_only_models_that_exist_and_are_not_scoped() -> None:
    labels = {model._meta.label: model for model in apps.get_models()}
    for label in tenancy.GLOBAL_MODELS:
        assert label in labels, label
        assert not issubclass(labels[label], AllianceOwned), label


def test_scoped_models_cover_the_content_of_every_app() -> None:
    apps_with_content = {model._meta.app_label for model in SCOPED}
    ours = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("familienrathaus.") and list(config.get_models())
    }
    assert ours <= apps_with_content


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_a_scoped_model_refuses_queries_without_an_alliance(model: type) -> None:
    queryset = model._default_manager.all()  # building it is fine (a form's choices)
    with no_alliance_active():
        with pytest.raises(ScopeError):
            list(queryset)
        with pytest.raises(ScopeError):
            model._default_manager.count()
        # (in a savepoint: Django marks the transaction for rollback on an error)
        with pytest.raises(ScopeError), transaction.atomic():
            model._default_manager.filter(pk=0).update(alliance_id=0)
        with pytest.raises(ScopeError), transaction.atomic():
            model._default_manager.filter(pk=0).delete()
    # Disabled on purpose, the same query reads every alliance.
    with tenancy.unscoped():
        assert model._default_manager.count() >= 0


def test_a_row_saved_without_an_alliance_is_refused() -> None:
    from familienrathaus.core.models import Theme

    with no_alliance_active(), pytest.raises(ScopeError):
        Theme(name="Ohne Bündnis", slug="ohne-buendnis").save()


def test_a_query_follows_the_alliance_active_when_it_runs(second_alliance: object) -> None:
    from familienrathaus.core.models import Theme

    with tenancy.activate(second_alliance):  # type: ignore[arg-type]
        Theme.objects.create(name="Nur im Dorf", slug="nur-im-dorf")
    built_here = Theme.objects.filter(slug="nur-im-dorf")
    assert not built_here.exists()
    with tenancy.activate(second_alliance):  # type: ignore[arg-type]
        assert built_here.exists()
        # A subquery, a count, an update and a delete are the active alliance's too.
        assert Theme.objects.filter(pk__in=Theme.objects.values("pk")).count() == (
            Theme.objects.count()
        )
    assert Theme.objects.filter(slug="nur-im-dorf").update(position=7) == 0
    assert Theme.objects.filter(slug="nur-im-dorf").delete()[0] == 0
    with tenancy.activate(second_alliance):  # type: ignore[arg-type]
        assert Theme.objects.get(slug="nur-im-dorf").position == 0


def test_an_exclude_across_a_many_valued_relation_stays_scoped(second_alliance: object) -> None:
    from familienrathaus.partners.models import Organisation
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Stadtverein", slug="verein")
    with tenancy.activate(second_alliance):  # type: ignore[arg-type]
        OrganisationFactory(name="Dorfverein", slug="verein")
        names = list(
            Organisation.objects.exclude(memberships__user__email="x@example.org").values_list(
                "name", flat=True
            )
        )
    assert names == ["Dorfverein"]


def test_a_name_taken_in_the_alliance_is_refused_on_its_field(second_alliance: object) -> None:
    from django.core.exceptions import ValidationError

    from familienrathaus.core.models import Theme

    Theme.objects.create(name="Gleicher Name", slug="gleich")
    with pytest.raises(ValidationError) as refused:
        Theme(name="Gleicher Name", slug="anders").full_clean(exclude=["alliance"])
    with translation.override("en"):
        assert refused.value.message_dict["name"] == ["Theme with this Name already exists."]
    with tenancy.activate(second_alliance):  # type: ignore[arg-type]
        Theme(name="Gleicher Name", slug="gleich").full_clean(exclude=["alliance"])
