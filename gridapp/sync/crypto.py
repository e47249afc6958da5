"""Keys and ciphers (``cryptography``).

Each site has an Ed25519 key that signs its packages and an X25519 key that packages for it
are encrypted to; the private halves live in the encrypted database (``LocalState``), the
public halves of the other sites in ``sync_peer``. A package is encrypted in chunks with
AES-256-GCM under a fresh random key; that key is wrapped for the recipient (and for the
sender, so it can read its own package back) with X25519 + HKDF-SHA256 + AES-GCM.
An enrolment file is sealed with a key derived from its enrolment code by scrypt.
"""

from __future__ import annotations

import base64
import os
import secrets
import struct

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from gridapp.models.base import LocalState

RAW = serialization.Encoding.Raw
SIGN_KEY = "sync:sign_key"
BOX_KEY = "sync:box_key"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class BadCipher(Exception):
    """A tag, signature or key did not check out."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _raw_private(key) -> bytes:
    return key.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _raw_public(key) -> bytes:
    return key.public_bytes(RAW, serialization.PublicFormat.Raw)


class SiteKeys:
    """This site's own key pairs."""

    def __init__(self, sign_private: bytes, box_private: bytes):
        self.sign = Ed25519PrivateKey.from_private_bytes(sign_private)
        self.box = X25519PrivateKey.from_private_bytes(box_private)

    @classmethod
    def generate(cls) -> "SiteKeys":
        return cls(_raw_private(Ed25519PrivateKey.generate()), _raw_private(X25519PrivateKey.generate()))

    @property
    def sign_public(self) -> bytes:
        return _raw_public(self.sign.public_key())

    @property
    def box_public(self) -> bytes:
        return _raw_public(self.box.public_key())

    def private_parts(self) -> tuple[bytes, bytes]:
        return _raw_private(self.sign), _raw_private(self.box)

    def store(self) -> None:
        sign, box = self.private_parts()
        LocalState.set_value(SIGN_KEY, b64(sign))
        LocalState.set_value(BOX_KEY, b64(box))

    @classmethod
    def load(cls) -> "SiteKeys | None":
        sign, box = LocalState.get_value(SIGN_KEY), LocalState.get_value(BOX_KEY)
        return cls(unb64(sign), unb64(box)) if sign and box else None

    @classmethod
    def ensure(cls) -> "SiteKeys":
        """This site's keys, made the first time they are needed."""
        keys = cls.load()
        if keys is None:
            keys = cls.generate()
            keys.store()
        return keys


def sign(keys: SiteKeys, data: bytes) -> bytes:
    return keys.sign.sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        raise BadCipher("signature") from None


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
               info=b"gridapp package key v1").derive(shared)
    return AESGCM(key)


def wrap(content_key: bytes, recipient_box: bytes, aad: bytes) -> dict:
    ephemeral = X25519PrivateKey.generate()
    epk = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_box))
    nonce = os.urandom(12)
    sealed = _kek(shared, epk, recipient_box).encrypt(nonce, content_key, aad)
    return {"epk": b64(epk), "nonce": b64(nonce), "key": b64(sealed)}


def unwrap(wrapped: dict, keys: SiteKeys, aad: bytes) -> bytes:
    try:
        epk = unb64(wrapped["epk"])
        shared = keys.box.exchange(X25519PublicKey.from_public_bytes(epk))
        return _kek(shared, epk, keys.box_public).decrypt(unb64(wrapped["nonce"]), unb64(wrapped["key"]), aad)
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise BadCipher("key") from None


class ChunkCipher:
    """AES-GCM over numbered chunks; the last chunk is marked, so cutting the stream shows."""

    def __init__(self, key: bytes, prefix: bytes, header_digest: bytes):
        self.aead = AESGCM(key)
        self.prefix = prefix
        self.header_digest = header_digest

    def _nonce_aad(self, index: int, last: bool) -> tuple[bytes, bytes]:
        return self.prefix + struct.pack(">I", index), self.header_digest + struct.pack(">IB", index, last)

    def seal(self, index: int, last: bool, data: bytes) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        return self.aead.encrypt(nonce, data, aad)

    def open(self, index: int, last: bool, data: bytes) -> bytes:
        nonce, aad = self._nonce_aad(index, last)
        try:
            return self.aead.decrypt(nonce, data, aad)
        except InvalidTag:
            raise BadCipher("chunk") from None


def new_content_key() -> tuple[bytes, bytes]:
    return AESGCM.generate_key(bit_length=256), os.urandom(8)


def new_code() -> str:
    """An enrolment code: 16 characters easy to read out, in groups of four (80 bits)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    chars = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))


def _code_key(code: str, salt: bytes) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=2 ** 15, r=8, p=1).derive(normalise_code(code).encode("ascii"))
    return AESGCM(key)


def seal_with_code(code: str, data: bytes, aad: bytes) -> dict:
    salt, nonce = os.urandom(16), os.urandom(12)
    return {"kdf": "scrypt", "n": 2 ** 15, "r": 8, "p": 1, "salt": b64(salt), "nonce": b64(nonce),
            "data": b64(_code_key(code, salt).encrypt(nonce, data, aad))}


def open_with_code(code: str, sealed: dict, aad: bytes) -> bytes:
    try:
        return _code_key(code, unb64(sealed["salt"])).decrypt(unb64(sealed["nonce"]), unb64(sealed["data"]), aad)
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise BadCipher("code") from None
