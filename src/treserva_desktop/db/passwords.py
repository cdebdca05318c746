"""Password hashing: argon2id (argon2-cffi) at OWASP's parameters, each hash with its own salt.

Lives in db so that both services (login, accounts) and demo (seeding users) can use it.
Hashes made by earlier versions (scrypt, N=2^14) still verify; `needs_rehash` tells the login to
replace them with argon2id after the next correct password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet (2025): argon2id, 19 MiB of memory, 2 iterations, 1 lane.
# About 30 ms per hash here; argon2-cffi draws a fresh 16-byte salt for every hash.
TIME_COST = 2
MEMORY_COST_KIB = 19_456
PARALLELISM = 1

_HASHER = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)

_ARGON2ID = "$argon2id$"
_SCRYPT = "scrypt"

# A stored value starting with this can never verify: an account that has no password yet
# (the municipal demo's filler staff), set by `unusable_password`.
UNUSABLE_PREFIX = "!"

# What a login verifies against when the user is unknown or has no usable password, so it takes
# the time a real verification takes (the password behind it was random and is thrown away).
_DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$UWkOY3LwE2gRuBIOgYw+wA"
    "$SF4RhlV59C2o94QmVkVtpDtN/in9EZecGWQRekEEZMg"
)


def hash_password(password: str) -> str:
    """An argon2id hash of the password with its own random salt."""
    return _HASHER.hash(password)


def unusable_password(reason: str = "no-password") -> str:
    """A stored value that no password matches (`verify_password` is always False for it)."""
    return f"{UNUSABLE_PREFIX}{reason}"


def is_usable(stored: str) -> bool:
    return not stored.startswith(UNUSABLE_PREFIX) and (
        stored.startswith(_ARGON2ID) or stored.startswith(f"{_SCRYPT}$")
    )


def verify_password(password: str, stored: str) -> bool:
    """True when the password matches the stored argon2id (or older scrypt) hash.

    An unusable or unreadable value is checked against the dummy hash instead, so a refusal
    takes as long as a real check does."""
    if stored.startswith(_ARGON2ID):
        return _verify_argon2(password, stored)
    if stored.startswith(f"{_SCRYPT}$"):
        return _verify_scrypt(password, stored)
    verify_dummy(password)
    return False


def verify_dummy(password: str) -> None:
    """Spend the time of one verification and match nothing (unknown user, no password)."""
    _verify_argon2(password, _DUMMY_HASH)


def needs_rehash(stored: str) -> bool:
    """True for a usable hash made with another scheme or weaker parameters than today's."""
    if stored.startswith(_ARGON2ID):
        try:
            return _HASHER.check_needs_rehash(stored)
        except InvalidHashError:
            return False
    return stored.startswith(f"{_SCRYPT}$")


def _verify_argon2(password: str, stored: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _verify_scrypt(password: str, stored: str) -> bool:
    """The format earlier versions wrote: scrypt$N$r$p$salt$digest (base64)."""
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        expected = _unb64(digest)
        candidate = hashlib.scrypt(
            password.encode(),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except ValueError:
        verify_dummy(password)
        return False
    return hmac.compare_digest(candidate, expected)


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
