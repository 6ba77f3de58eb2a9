"""The two-factor pages: account security, set-up, verify, recovery codes, turning off.

Thin: what they do is in `accounts.two_factor`.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import two_factor
from .two_factor_forms import AppCodeForm, CodeForm

OVERVIEW = "accounts:two-factor"


def _next(request):
    return two_factor.safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _wrong_code_error(form, result):
    if result.locked_until is not None:
        seconds = result.wait_seconds
        form.add_error(
            "code",
            ngettext(
                "Too many wrong codes. Wait %(seconds)s second and try again.",
                "Too many wrong codes. Wait %(seconds)s seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
        )
    else:
        form.add_error("code", _("The code is not right. Check it and try again."))


@require_GET
def overview(request):
    user = request.user
    return render(
        request,
        "accounts/two_factor/overview.html",
        {
            "enabled": two_factor.has_two_factor(user),
            "required": two_factor.user_requires_two_factor(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    next_url = _next(request)
    try:
        device = two_factor.start_setup(user)
    except two_factor.TwoFactorAlreadyOn:
        if not two_factor.is_verified(user):
            return redirect(two_factor.with_next(reverse("accounts:two-factor-verify"), next_url))
        if two_factor.user_requires_two_factor(user):
            messages.warning(
                request,
                _(
                    "Two-factor sign-in is already on and is required for your role. If you "
                    "lost your phone, ask internal affairs to reset it."
                ),
            )
        else:
            messages.warning(
                request,
                _(
                    "Two-factor sign-in is already on. To use another authenticator app, "
                    "turn it off first, then set it up again."
                ),
            )
        return redirect(two_factor.with_next(reverse(OVERVIEW), next_url))
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_setup(request, device, form.cleaned_data["code"])
        if codes is not None:
            two_factor.keep_codes_to_show(request, codes)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(
                two_factor.with_next(reverse("accounts:two-factor-codes-shown"), next_url)
            )
        form.add_error(
            "code",
            _(
                "The code is not right: nothing was turned on. Check that the phone's time is "
                "correct and enter the code the app shows now."
            ),
        )
    return render(
        request,
        "accounts/two_factor/setup.html",
        {
            "form": form,
            "qr": two_factor.qr_data_uri(device),
            "secret": two_factor.secret_base32(device),
            "required": two_factor.user_requires_two_factor(user),
            "next": next_url or "",
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    next_url = _next(request)
    if two_factor.is_verified(user) or not two_factor.has_two_factor(user):
        return redirect(two_factor.next_or_home(request, next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify(request, form.cleaned_data["code"])
        if result.ok:
            if result.used_recovery_code:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)s recovery code is left.",
                        "You signed in with a recovery code. %(count)s recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(two_factor.next_or_home(request, next_url))
        _wrong_code_error(form, result)
    return render(
        request, "accounts/two_factor/verify.html", {"form": form, "next": next_url or ""}
    )


@require_POST
def new_recovery_codes(request):
    if not two_factor.has_two_factor(request.user):
        messages.warning(request, _("Turn on two-factor sign-in first."))
        return redirect(OVERVIEW)
    codes = two_factor.generate_recovery_codes(request.user)
    two_factor.keep_codes_to_show(request, codes)
    messages.success(request, _("New recovery codes were made: the old ones no longer work."))
    return redirect("accounts:two-factor-codes-shown")


@require_GET
def codes_shown(request):
    codes = two_factor.take_codes_to_show(request)
    if not codes:
        return redirect(OVERVIEW)
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "continue_url": two_factor.next_or_home(request, _next(request))},
    )


@require_http_methods(["GET", "POST"])
def turn_off(request):
    user = request.user
    if two_factor.user_requires_two_factor(user):
        messages.error(
            request,
            _("Two-factor sign-in is required for your role: it cannot be turned off."),
        )
        return redirect(OVERVIEW)
    if not two_factor.has_two_factor(user):
        return redirect(OVERVIEW)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.turn_off(request, form.cleaned_data["code"])
        if result.ok:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect(OVERVIEW)
        _wrong_code_error(form, result)
    return render(request, "accounts/two_factor/turn_off.html", {"form": form})
