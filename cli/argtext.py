"""argparse's own words in Chinese: a missing, unknown or badly written option is told in the
language of every other message (the wording follows argparse's message ids, Python 3.11–3.13).
Installed once, by ``cli.build_parser``, for the command line only."""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "expected one argument": "后面应跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 须给出其中之一",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
}
PLURAL = {"expected %s argument": "后面应跟 %s 个值"}


def _words(message: str) -> str:
    return WORDS.get(message, message)


def _plural(singular: str, plural: str, n: int) -> str:
    return PLURAL.get(singular, singular if n == 1 else plural)


def install() -> None:
    words = vars(argparse)  # argparse looks its words up through these two module names
    words["_"], words["ngettext"] = _words, _plural
