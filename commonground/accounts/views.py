from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonground.accounts import actions
from commonground.accounts.access import get_user_for_user, require_admin, users_visible_to
from commonground.accounts.forms import (
    AcceptInvitationForm,
    InviteForm,
    RoleScopeForm,
    TokenForm,
    UserFilterForm,
    WorkplacesForm,
)
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import Invitation, Role, User
from commonground.accounts.ratelimit import exceeded, rate_limit
from commonground.audit.log import log_action
from commonground.lib.pagination import paginate
from commonground.lib.redirects import safe_next


class LoginView(auth_views.LoginView):
    """Django's log-in, refused for a while to an address with too many failures.

    django-axes locks a username at one address; this locks the address itself after
    ``login.ip`` failures whatever the usernames tried (``signals._login_failed`` counts).
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = exceeded(request, "login")
        if not decision.allowed:
            log_action(None, "accounts.user.locked_out", None, {"by": "address"}, request=request)
            response = render(request, "accounts/locked_out.html", status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
        return super().post(request, *args, **kwargs)


def _reset_email(request: HttpRequest) -> str | None:
    return request.POST.get("email", "").strip().lower()[:254] or None


@method_decorator(
    rate_limit("password-reset", key=_reset_email, methods=("POST",)), name="dispatch"
)
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per address and per email address (no mail bombs)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


def _qr_svg(data: str) -> str:
    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up (first time) or verify a TOTP device for this session."""
    user = request.user
    next_url = safe_next(request, "/")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "authenticator"}
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log_action(user, "accounts.user.two_factor_enabled", user, request=request)
            otp_login(request, device)
            log_action(user, "accounts.user.two_factor_verified", user, request=request)
            return redirect(next_url)
        log_action(user, "accounts.user.two_factor_failed", user, request=request)
        form.add_error(
            "token", _("That code is not right. Check your phone's clock and try again.")
        )
    context = {"form": form, "setting_up": setting_up, "next": next_url}
    if setting_up:
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))
        context["secret"] = typed_key(device.bin_key)
    return render(request, "accounts/two_factor.html", context)


def typed_key(key: bytes) -> str:
    """The authenticator key as apps ask for it when typed by hand: base32 (the secret in the
    QR code's address), in groups of four so it can be read out and checked."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_admin
@require_http_methods(["GET"])
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = users_visible_to(request.user).select_related("region").prefetch_related("branches")
    query = UserFilterForm(request.GET).values
    q, role = query["q"], query["role"]
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(email__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
        )
    if role:
        qs = qs.filter(role=role)
    page = paginate(request, qs.order_by("username"))
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "q": q, "role": role, "roles": Role.choices},
    )


@require_admin
@require_http_methods(["GET", "POST"])
def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = actions.invite_user(
            request.user,
            email=data["email"],
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            region=data["region"],
            branches=data["branches"],
            request=request,
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("accounts:user-detail", invitation.user_id)
    return render(request, "accounts/user_invite.html", {"form": form})


@require_admin
@require_http_methods(["GET", "POST"])
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_user_for_user(request.user, pk)
    initial = {
        "role": target.role,
        "region": target.region,
        "branches": target.branches.all(),
        "is_active": target.is_active,
    }
    form = RoleScopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = actions.set_role_and_scope(
            request.user,
            target,
            role=data["role"],
            region=data["region"],
            branches=data["branches"],
            is_active=data["is_active"],
        )
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return redirect("accounts:user-detail", target.pk)
    return _user_detail_page(request, target, form=form)


def _user_detail_page(
    request: AuthenticatedHttpRequest,
    target: User,
    *,
    form: RoleScopeForm | None = None,
    workplaces_form: WorkplacesForm | None = None,
) -> HttpResponse:
    assignments = target.assignments.select_related("location").order_by("location__name")
    if form is None:
        form = RoleScopeForm(
            initial={
                "role": target.role,
                "region": target.region,
                "branches": target.branches.all(),
                "is_active": target.is_active,
            }
        )
    if workplaces_form is None:
        workplaces_form = WorkplacesForm(
            initial={"workplaces": [a.location.cqc_id for a in assignments]}
        )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "assignments": assignments,
            "workplaces_form": workplaces_form,
            "has_two_factor": next(devices_for_user(target, confirmed=True), None) is not None,
        },
    )


@require_admin
@require_POST
def user_workplaces(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Assign workplaces to a rep (each change audited)."""
    target = get_user_for_user(request.user, pk)
    form = WorkplacesForm(request.POST)
    if not form.is_valid():
        return _user_detail_page(request, target, workplaces_form=form)
    added, removed = actions.set_workplaces(request.user, target, form.cleaned_data["workplaces"])
    messages.success(
        request,
        _("Workplaces saved: %(added)d added, %(removed)d removed.")
        % {"added": added, "removed": removed},
    )
    return redirect("accounts:user-detail", target.pk)


@require_admin
@require_POST
def user_two_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a user's two-factor devices (a lost phone): they enrol again at their next
    log-in. Audited."""
    target = get_user_for_user(request.user, pk)
    actions.reset_two_factor(request.user, target, request=request)
    messages.success(
        request,
        _("Two-factor reset: %(user)s sets up a new authenticator at their next log-in.")
        % {"user": target.username},
    )
    return redirect("accounts:user-detail", target.pk)


@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, token=token, accepted__isnull=True)
    form = AcceptInvitationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.accept_invitation(invitation, form.cleaned_data["password1"])
        messages.success(request, _("Your password is set. Log in to start."))
        return redirect("accounts:login")
    return render(request, "accounts/invite_accept.html", {"form": form, "invitation": invitation})
