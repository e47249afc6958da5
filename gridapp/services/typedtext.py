"""Free text typed into the daily-work records (a finding, minutes, a need): kept as typed
(no NFKC: it would turn the full-width ，into a comma), trimmed, refused with a message naming
the field when it holds control characters, is empty but required, or is too long."""

from __future__ import annotations

from gridapp.errors import ValidationError
from gridapp.plaintext import controls, describe


def text_field(value, label: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("须为文字", label)
    value = value.strip()
    found = controls(value, "\n" if multiline else "")
    if found:
        raise ValidationError(f"含有不可见的控制字符（{describe(found)}），请删去后重新输入", label)
    if required and not value:
        raise ValidationError("不能为空", label)
    if len(value) > limit:
        raise ValidationError(f"有 {len(value)} 个字符，超过上限 {limit}", label)
    return value
