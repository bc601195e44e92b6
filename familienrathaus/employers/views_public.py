"""The public side of the programme and the team's certificate.

Public: the list of certified employers (filters: sector, size, measure), one page per
certified employer (schema.org JSON-LD with the award), the verification of a
certificate by its number (valid, expired or revoked; a malformed or unknown number gets
a clear answer with status 404), and the seal of a valid certificate as SVG or PNG.

Team (and coordinators): the certificate's page with the PDF, the seal and the code to
put it on a website; the result of an evaluation.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.downloads import set_download_name
from familienrathaus.employers import certificate_pdf, jsonld, permissions, seal
from familienrathaus.employers.forms_evaluation import PublicFilterForm, VerifyForm
from familienrathaus.employers.models import Certificate, Evaluation
from familienrathaus.employers.selectors import certificates as selectors
from familienrathaus.employers.selectors import programme
from familienrathaus.employers.selectors import public as public_selectors

PER_PAGE = 20
SEAL_CACHE = "public, max-age=3600"


def _place() -> str:
    site = core_selectors.site_settings()
    return site.municipality or site.alliance_name


# ------------------------------------------------------------------ list and pages


@require_safe
def employer_list(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    form = PublicFilterForm(request.GET or None, measures=public_selectors.measure_choices())
    filters = form.values()
    employers = public_selectors.certified_employers(today, **filters)
    page = Paginator(employers, PER_PAGE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "employers/public/list.html",
        {
            "form": form,
            "page": page,
            "rows": public_selectors.listed(list(page.object_list), today),
            "filtered": any(filters.values()),
            "query": query.urlencode(),
            "place": _place(),
        },
    )


@require_safe
def employer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    today = selectors.today()
    found = public_selectors.certified_employer(slug, today)
    if found is None:
        raise Http404
    url = request.build_absolute_uri(reverse("employers:public-detail", args=[slug]))
    theme = public_selectors.balance_theme()
    return render(
        request,
        "employers/public/detail.html",
        {
            "listed": found,
            "employer": found.employer,
            "certificate": found.certificate,
            "offers": public_selectors.balance_offers(found.employer, today),
            "theme": theme,
            "guide_url": f"{reverse('offers:list')}?theme={theme.slug}" if theme else "",
            "jsonld": jsonld.as_script(
                jsonld.organisation_data(
                    found, url=url, place=_place(), absolute=request.build_absolute_uri
                )
            ),
            "place": _place(),
        },
    )


# ------------------------------------------------------------------ verification


@require_safe
def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("employers:verify", form.cleaned_data["nummer"])
    return render(request, "employers/public/verify_lookup.html", {"form": form})


@require_safe
def verify(request: HttpRequest, number: str) -> HttpResponse:
    normal = selectors.normalise_number(number)
    if normal is None:
        return render(
            request,
            "employers/public/verify_unknown.html",
            {"malformed": True, "form": VerifyForm(), "example": selectors.EXAMPLE_NUMBER},
            status=404,
        )
    if normal != number:
        return redirect("employers:verify", normal)
    result = selectors.verify(normal)
    if result is None:
        return render(
            request,
            "employers/public/verify_unknown.html",
            {"number": normal, "form": VerifyForm(), "example": selectors.EXAMPLE_NUMBER},
            status=404,
        )
    return render(
        request,
        "employers/public/verify.html",
        {"result": result, "place": _place(), "today": selectors.today()},
    )


def _valid_certificate(number: str) -> Certificate:
    certificate = selectors.by_number(number)
    if certificate is None or certificate.status(selectors.today()) != Certificate.State.VALID:
        raise Http404
    return certificate


@require_safe
def seal_svg(request: HttpRequest, number: str) -> HttpResponse:
    """The seal of a valid certificate, for the employer's website (gone once it is not)."""
    certificate = _valid_certificate(number)
    response = HttpResponse(
        seal.svg(certificate_pdf.certificate_seal(certificate)), content_type="image/svg+xml"
    )
    response["Cache-Control"] = SEAL_CACHE
    return response


@require_safe
def seal_png(request: HttpRequest, number: str) -> HttpResponse:
    certificate = _valid_certificate(number)
    response = HttpResponse(
        seal.png(certificate_pdf.certificate_seal(certificate)), content_type="image/png"
    )
    response["Cache-Control"] = SEAL_CACHE
    return response


# ------------------------------------------------------------------ the team's pages


def _team_certificate(request: HttpRequest, number: str) -> Certificate:
    certificate = selectors.by_number(number)
    if certificate is None or not permissions.can_see_employer(request.user, certificate.employer):
        raise Http404
    return certificate


@require_safe
def team_certificate(request: HttpRequest, number: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    certificate = _team_certificate(request, number)
    state = certificate.status(selectors.today())
    verify_url = request.build_absolute_uri(reverse("employers:verify", args=[number]))
    seal_url = request.build_absolute_uri(reverse("employers:seal-svg", args=[number]))
    badge = certificate_pdf.certificate_seal(certificate)
    return render(
        request,
        "employers/public/team_certificate.html",
        {
            "certificate": certificate,
            "state": state,
            "state_label": Certificate.State(state).label,
            "verify_url": verify_url,
            "embed": (
                f'<a href="{verify_url}"><img src="{seal_url}" width="160" height="160" '
                f'alt="{badge.title}"></a>'
            ),
            "checks": certificate.annual_checks.order_by("due_on"),
        },
    )


@require_safe
def certificate_download(request: HttpRequest, number: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    certificate = _team_certificate(request, number)
    if certificate.revoked_at is not None and not permissions.can_manage(request.user):
        raise Http404
    response = HttpResponse(
        certificate_pdf.render_certificate(certificate), content_type="application/pdf"
    )
    set_download_name(response, f"Zertifikat-{certificate.number}.pdf")
    return response


@require_safe
def team_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The team reads the decision on its participation and the reasons."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    participation = programme.get_participation_or_404(request.user, pk)
    evaluation = Evaluation.objects.exclude(decision="").filter(participation=participation).first()
    return render(
        request,
        "employers/public/team_evaluation.html",
        {
            "participation": participation,
            "evaluation": evaluation,
            "certificate": Certificate.objects.filter(participation=participation).first(),
        },
    )
