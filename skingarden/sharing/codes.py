"""Invitation codes a person can read aloud and type: pure, no Django.

A code is 16 characters of Crockford's base32 (digits and capitals without I, L, O
and U, so nothing looks or sounds like anything else), 80 random bits, shown in
groups of four: ``7KQ2-M9XD-4HRT-B6WN``. Reading one back forgives what people do:
lower case, spaces, dashes of any kind or none, and I, L or O typed for 1, 1 or 0
(Crockford's own rule). Only a hash of the canonical form is stored.
"""

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
BITS = LENGTH * 5  # 32 symbols: 5 bits each
# Spaces and every dash a keyboard or a phone's autocorrect may give.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")
_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A new random code in its canonical form (``grouped`` shows it)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(canonical_code: str) -> str:
    """``7KQ2M9XD4HRTB6WN`` -> ``7KQ2-M9XD-4HRT-B6WN``."""
    return "-".join(
        canonical_code[start : start + GROUP]
        for start in range(0, len(canonical_code), GROUP)
    )


def canonical(typed: str) -> str | None:
    """The code as stored (16 symbols, no separators), or None when what was typed
    cannot be a code."""
    symbols = _SEPARATORS.sub("", typed).upper().translate(_LOOK_ALIKES)
    if len(symbols) != LENGTH or any(symbol not in ALPHABET for symbol in symbols):
        return None
    return symbols


def code_hash(canonical_code: str) -> str:
    """Codes are random, so a plain SHA-256 needs no salt."""
    return hashlib.sha256(canonical_code.encode()).hexdigest()


def hashes_to_try(typed: str) -> list[str]:
    """The stored hashes what was typed may match: the code's, and the text as typed
    for the 32-character codes made before these (valid for 7 days at most)."""
    found = []
    code = canonical(typed)
    if code is not None:
        found.append(code_hash(code))
    if typed.strip():
        found.append(code_hash(typed.strip()))
    return found
