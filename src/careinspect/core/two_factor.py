"""Set up and verify a staff member's authenticator app (TOTP through django-otp)."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if not device.confirmed:
                device.confirmed = True
                device.save()
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "The code is wrong or has expired: enter the code your app shows now")
    qr = (
        None
        if device.confirmed
        else segno.make(device.config_url).svg_inline(scale=4, title="Authenticator QR code")
    )
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "device": device, "qr": qr, "next": _next(request), "secret": device.bin_key.hex()},
    )
