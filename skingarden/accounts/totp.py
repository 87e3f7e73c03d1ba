"""Time-based one-time codes (RFC 6238) on pyotp, and the enrolment QR code drawn
here with segno; plain values in and out, no Django.

Codes are the authenticator apps' defaults: six digits, a 30-second step, HMAC-SHA1
and a 160-bit secret. A code is accepted one step either side of now, for a phone
whose clock is a little off; the step it matched is returned, so that the caller can
refuse any step at or before the last one accepted (a code is used once).
"""

import hmac
from datetime import datetime

import pyotp

ISSUER = "Skin Garden"
STEP_SECONDS = 30
DRIFT_STEPS = 1
CODE_DIGITS = 6


def new_secret() -> str:
    """A fresh base32 secret of 160 bits, the length RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def is_secret(text: str) -> bool:
    """Whether ``text`` is a base32 secret an authenticator app accepts."""
    try:
        pyotp.TOTP(text).byte_secret()  # also refuses fewer than 112 bits
    except ValueError:
        return False
    return True


def code_at(secret: str, when: datetime) -> str:
    """The code an authenticator app shows at ``when`` (tests, the demo's docs)."""
    return pyotp.TOTP(secret).at(when)


def matching_step(secret: str, code: str, *, when: datetime, after: int) -> int | None:
    """The time step whose code is ``code``, within one step of ``when`` and later
    than ``after`` (the last step accepted); None when there is none."""
    code = "".join(code.split())
    if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(when)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        step = now + offset
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code of ``uri`` as an SVG ``data:`` address, for an <img> (drawn here;
    the secret never leaves the server)."""
    import segno  # imported here: every request loads this module, only enrolment draws

    qr = segno.make(uri, error="m")
    # A viewBox and no fixed size, so that CSS sets the size and it stays sharp.
    return qr.svg_data_uri(border=4, dark="#1d2b22", omitsize=True)
