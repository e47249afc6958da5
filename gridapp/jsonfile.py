"""Reading a JSON file a person made: a missing file, a folder or bad JSON is a clear message with the place."""

from __future__ import annotations

import json
from pathlib import Path

from gridapp.errors import UserError, ValidationError


def load(path: str | Path):
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是文件：请给出 JSON 文件")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"找不到文件 {path}") from None
    except PermissionError:
        raise UserError(f"无权读取文件 {path}") from None
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValidationError("不是 UTF-8 编码的文本文件", path.name) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
                              path.name) from None
    except RecursionError:
        raise ValidationError("JSON 嵌套过深", path.name) from None
