"""Two-factor devices are not edited in Django's admin: their owner enrols one, and an admin's
audited reset (``accounts:user-two-factor-reset``) removes them (issue 14, finding 1)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
