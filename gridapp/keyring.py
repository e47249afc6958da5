"""The database key, wrapped once per person who may open it.

A database with accounts is encrypted with a random 256-bit key. That key is never typed:
the side file ``<db>.keys`` (JSON) holds it wrapped (AES-GCM under a key derived with
scrypt) once for the office passphrase and once for each user's password. Changing a
password re-wraps the key; removing a user deletes the user's wrap, so the user's password
no longer opens the data. A copy of the side file taken before the removal still holds the
old wrap: the key itself only changes by re-encrypting the database.

Failed log-ins are counted in ``<db>.logins`` (outside the encrypted database, which is
closed until someone logs in) and each further try waits longer: a user's password, and the
office passphrase (which acts as the administrator), counted under ``OFFICE_LOGIN``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gridapp import files
from gridapp.errors import UserError

KEYS_SUFFIX = ".keys"
LOGINS_SUFFIX = ".logins"
OFFICE = "office"
KEY_BYTES = 32
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB of memory per derivation. Tests lower N through
# this variable to stay fast; a wrap records its own parameters, so nothing else depends on it.
SCRYPT_N_ENV = "GRIDAPP_TEST_SCRYPT_N"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
FREE_TRIES = 3  # failed log-ins before the wait starts
MAX_WAIT = 300  # seconds
OFFICE_LOGIN = ":office"  # the office passphrase's failures (a user name has no colon)
clock = time.time  # the tests move it on instead of waiting


class WrongCredentials(UserError):
    def __init__(self):
        super().__init__("用户名或密码错误。")


class TooManyTries(UserError):
    def __init__(self, wait: int):
        super().__init__(f"登录失败次数过多，请在 {wait} 秒后再试。")


def keys_path(db_path) -> Path:
    return Path(str(db_path) + KEYS_SUFFIX)


def logins_path(db_path) -> Path:
    return Path(str(db_path) + LOGINS_SUFFIX)


def has_keys(db_path) -> bool:
    return keys_path(db_path).exists()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


MIN_N, MAX_N = 2 ** 10, 2 ** 20  # what a wrap or a hash read from disk may ask for


def derive(secret: str, salt: bytes, n: int, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """scrypt with bounded parameters: a doctored key file cannot make a log-in take all memory
    (or a weak cost be chosen)."""
    if not (MIN_N <= n <= MAX_N and n & (n - 1) == 0 and (r, p) == (SCRYPT_R, SCRYPT_P)):
        raise UserError("密钥文件中的参数不对：文件可能已损坏或被改动。")
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + (1 << 20), dklen=32)


def cost() -> int:
    """N for new wraps and hashes: 2**15, lowered only by the tests' variable (never below 2**10)."""
    return max(MIN_N, min(SCRYPT_N, int(os.environ.get(SCRYPT_N_ENV) or SCRYPT_N)))


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash``: for checking a password against the accounts table."""
    salt, n = secrets.token_bytes(16), cost()
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(derive(password, salt, n))}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = derive(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return secrets.compare_digest(found, _unb64(digest))


def wrap(key: bytes, secret: str, label: str) -> dict:
    salt, nonce, n = secrets.token_bytes(16), secrets.token_bytes(12), cost()
    sealed = AESGCM(derive(secret, salt, n)).encrypt(nonce, key, label.encode("utf-8"))
    return {"kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(sealed)}


def unwrap(entry: dict, secret: str, label: str) -> bytes | None:
    try:
        kek = derive(secret, _unb64(entry["salt"]), int(entry["n"]), int(entry["r"]), int(entry["p"]))
        return AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["key"]), label.encode("utf-8"))
    except (InvalidTag, KeyError, ValueError):
        return None


def user_label(name: str) -> str:
    return "user:" + name


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UserError(f"密钥文件 {path.name} 无法读取：{exc}") from None


def _write(path: Path, data: dict) -> None:
    """Written whole or not at all: a new file, flushed, then renamed over the old one."""
    tmp = path.with_name(path.name + ".new")
    with files.open_private(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load(db_path) -> dict:
    return _read(keys_path(db_path)).get("wraps", {})


def save(db_path, wraps: dict) -> None:
    _write(keys_path(db_path), {"format": 1, "wraps": wraps})


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def start(db_path, key: bytes, passphrase: str) -> None:
    """The first side file: the office passphrase's wrap only."""
    save(db_path, {OFFICE: wrap(key, passphrase, OFFICE)})


def unlock_office(db_path, passphrase: str) -> bytes | None:
    entry = load(db_path).get(OFFICE)
    return unwrap(entry, passphrase, OFFICE) if entry else None


def unlock_user(db_path, name: str, password: str) -> bytes:
    """The database key for ``name``'s password; counts failures and makes repeated ones wait."""
    refuse_while_waiting(db_path, name)
    entry = load(db_path).get(user_label(name))
    key = unwrap(entry, password, user_label(name)) if entry else None
    if key is None:
        note_failure(db_path, name)
        raise WrongCredentials()
    clear_failures(db_path, name)
    return key


def set_user(db_path, key: bytes, name: str, password: str) -> None:
    wraps = load(db_path)
    wraps[user_label(name)] = wrap(key, password, user_label(name))
    save(db_path, wraps)


def remove_user(db_path, name: str) -> None:
    wraps = load(db_path)
    if wraps.pop(user_label(name), None) is not None:
        save(db_path, wraps)


def users(db_path) -> list[str]:
    return sorted(k.split(":", 1)[1] for k in load(db_path) if k.startswith("user:"))


# ---- failed log-ins -------------------------------------------------------------------------

def _failures(db_path) -> dict:
    return _read(logins_path(db_path))


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` failed tries in a row: none for the first few, then 2, 4, 8 …"""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_WAIT, 2 ** (failures - FREE_TRIES + 1))


def seconds_to_wait(db_path, name: str) -> int:
    entry = _failures(db_path).get(name)
    if not entry:
        return 0
    left = entry["at"] + wait_after(entry["count"]) - clock()
    return max(0, int(left + 0.999))


def refuse_while_waiting(db_path, name: str) -> None:
    """``TooManyTries`` while ``name`` (or ``OFFICE_LOGIN``) must still wait after failed tries."""
    wait = seconds_to_wait(db_path, name)
    if wait > 0:
        raise TooManyTries(wait)


def note_failure(db_path, name: str) -> None:
    data = _failures(db_path)
    entry = data.get(name) or {"count": 0}
    data[name] = {"count": entry["count"] + 1, "at": clock()}
    try:
        _write(logins_path(db_path), data)
    except OSError:
        pass  # a read-only folder: the count is lost, the log-in is still refused


def clear_failures(db_path, name: str) -> None:
    data = _failures(db_path)
    if data.pop(name, None) is not None:
        try:
            _write(logins_path(db_path), data)
        except OSError:
            pass
