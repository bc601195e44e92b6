"""Back office: an edition's translations (write, preview, test mail)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.newsletter import permissions, translations
from familienrathaus.newsletter.forms import EditionTranslationForm
from familienrathaus.newsletter.models import Edition, EditionTranslation, translation_languages


def language_or_404(language: str) -> str:
    if language not in dict(translation_languages()):
        raise Http404
    return language


@require(permissions.can_manage_newsletter)
def edition_translation(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    language = language_or_404(language)
    version = EditionTranslation.objects.filter(edition=edition, language=language).first()
    locked = edition.status not in {Edition.Status.DRAFT, Edition.Status.SCHEDULED}
    form = EditionTranslationForm(request.POST or None, instance=version)
    info = get_language_info(language)
    for field in form.fields.values():  # typed in that language, and in its direction
        field.widget.attrs.update({"lang": language, "dir": "rtl" if info["bidi"] else "ltr"})
    if request.method == "POST" and not locked and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        try:
            translations.save_translation(
                actor=user,
                edition=edition,
                language=language,
                subject=form.cleaned_data["subject"],
                intro=form.cleaned_data["intro"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("newsletter:edition_translation", pk=edition.pk, language=language)
    return render(
        request,
        "newsletter/backoffice/translation.html",
        {
            "edition": edition,
            "language": language,
            "language_name": info["name_local"],
            "version": version,
            "form": form,
            "locked": locked,
        },
    )
