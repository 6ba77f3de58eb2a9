"""The people pages: internal affairs manage the accounts of their subtree."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import recent_events_by
from cchc_portal.history import history_entries

from . import selectors, services, two_factor
from .directory import configured_sources
from .forms import NewPasswordForm, PeopleFilterForm, PersonForm
from .sessions import end_sessions

PAGE_SIZE = 50


def _manager_only(request):
    if not selectors.can_manage_people(request.user):
        raise PermissionDenied


def _person(request, pk):
    """A person of the user's subtree; anyone else is 404, not 403 (it would say they exist).
    Looked up before the role check, as every page of the portal does."""
    return get_object_or_404(
        selectors.people_for(request.user).select_related("unit").prefetch_related("roles"),
        pk=pk,
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = "role_codes" if field == "roles" else field
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def people_list(request):
    _manager_only(request)
    form = PeopleFilterForm(request.GET, acting_user=request.user)
    filters = form.filters()
    people = (
        selectors.people_list(request.user, **filters)
        if filters is not None
        else selectors.people_for(request.user).none()
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people_list.html",
        {"form": form, "page_obj": page, "query": request.GET.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def person_create(request):
    _manager_only(request)
    form = PersonForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(acting_user=request.user, data=form.person_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if person.email:
                message = _(
                    "Account “%(username)s” created. A link to set the password has been "
                    "sent to %(email)s."
                ) % {"username": person.username, "email": person.email}
            else:
                message = _(
                    "Account “%(username)s” created. It has no e-mail: give the person the "
                    "password link shown on this page."
                ) % {"username": person.username}
            messages.success(request, message)
            return redirect("accounts:person-detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "person": None})


@require_GET
def person_detail(request, pk):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    can_change = not selectors.is_protected(person) or request.user.is_administrator
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "can_change": can_change,
            "is_self": person.pk == request.user.pk,
            "events": recent_events_by(person, viewer=request.user),
            "history": history_entries(person, limit=20),
            "open_sessions": person.open_sessions.count(),
            "has_two_factor": two_factor.has_two_factor(person),
            "directory_sources": configured_sources() if person.source == "local" else [],
            "password_link": (
                services.password_link(person)
                if can_change
                and person.is_active
                and person.source == person.Source.LOCAL
                and not person.has_usable_password()
                else ""
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    if selectors.is_protected(person) and not request.user.is_administrator:
        raise PermissionDenied
    form = PersonForm(request.POST or None, acting_user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(acting_user=request.user, person=person, data=form.person_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Account “%(username)s” saved.") % {"username": person.username}
            )
            return redirect("accounts:person-detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "person": person})


def _state_change(request, pk, service, done):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    try:
        service(acting_user=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"username": person.username})
    return redirect("accounts:person-detail", pk=person.pk)


@require_POST
def person_deactivate(request, pk):
    return _state_change(
        request,
        pk,
        services.person_deactivate,
        _(
            "Account “%(username)s” deactivated: it can no longer sign in and its sessions have ended."
        ),
    )


@require_POST
def person_reactivate(request, pk):
    return _state_change(
        request,
        pk,
        services.person_reactivate,
        _("Account “%(username)s” reactivated."),
    )


@require_POST
def person_send_link(request, pk):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    if selectors.is_protected(person) and not request.user.is_administrator:
        raise PermissionDenied
    if services.send_password_link(person):
        messages.success(
            request,
            _("A link to set the password has been sent to %(email)s.") % {"email": person.email},
        )
    else:
        messages.error(
            request,
            _(
                "The account has no e-mail address (or its password is the directory's): nothing was sent."
            ),
        )
    return redirect("accounts:person-detail", pk=person.pk)


@require_POST
def person_to_directory(request, pk):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    try:
        services.person_to_directory(
            acting_user=request.user, person=person, source=request.POST.get("source", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Account “%(username)s” linked to the directory: the person signs in with the "
                "directory's password from now on."
            )
            % {"username": person.username},
        )
    return redirect("accounts:person-detail", pk=person.pk)


@require_POST
def person_end_sessions(request, pk):
    person = _person(request, pk)  # scope before role: outside it, 404 for everyone
    _manager_only(request)
    if selectors.is_protected(person) and not request.user.is_administrator:
        raise PermissionDenied
    count = end_sessions(person, keep=request.session.session_key)
    messages.success(
        request,
        _("%(count)s session(s) of “%(username)s” ended.")
        % {"count": count, "username": person.username},
    )
    return redirect("accounts:person-detail", pk=person.pk)


@require_POST
def sign_out_everywhere(request):
    """The user's own button: every other session of theirs ends (this one stays)."""
    count = end_sessions(request.user, keep=request.session.session_key)
    messages.success(request, _("Signed out of %(count)s other session(s).") % {"count": count})
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else "home")


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link a new account receives: the person chooses a password (the portal's policy),
    then signs in. The link works once, and for PASSWORD_RESET_TIMEOUT."""

    form_class = NewPasswordForm
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:set-password-done")
    reset_url_token = "set-password"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = settings.PASSWORD_RESET_TIMEOUT // 86400
        return context


@method_decorator(login_not_required, name="dispatch")
class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/set_password_done.html"


@require_POST
def person_reset_two_factor(request, pk):
    """For someone who lost their phone: their authenticator and recovery codes are deleted;
    they set two-factor up again at the next sign-in."""
    person = _person(request, pk)
    _manager_only(request)
    if selectors.is_protected(person) and not request.user.is_administrator:
        raise PermissionDenied
    two_factor.reset_two_factor(person, acting_user=request.user)
    messages.success(
        request,
        _("Two-factor sign-in of “%(username)s” reset: they set it up again at the next sign-in.")
        % {"username": person.username},
    )
    return redirect("accounts:person-detail", pk=person.pk)
