"""The command line's own complaints (a missing option, an unknown one, a value not among the
choices) are in Chinese like every other message, and still exit with status 2."""

from __future__ import annotations

import pytest

import cli


def complaint(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as stopped:
        cli.main(list(argv))
    assert stopped.value.code == 2
    return capsys.readouterr().err


def test_missing_unknown_and_wrong_options_are_told_in_chinese(capsys):
    err = complaint(capsys, "cards", "receive")
    assert "错误：缺少必需的参数：--grid, --worker, --collected-on" in err and "required" not in err
    assert "用法：python -m gridapp cards receive" in err
    err = complaint(capsys, "stats", "--bogus")
    assert "不认识的参数：--bogus" in err and "unrecognized" not in err
    err = complaint(capsys, "nonsense")
    assert "'nonsense' 不是可选值" in err and "invalid choice" not in err


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["staff", "--help"])
    out = capsys.readouterr().out
    assert "选项" in out and "显示本帮助并退出" in out and "show this help" not in out
