"""Reading spreadsheets: .xlsx, .xls and .ods through python-calamine (fast), or .xlsx
through openpyxl's read-only mode when calamine is not installed.

Cells come back as Python values: text, numbers (float), dates. The header row is
found among the first rows (legacy ledgers often carry a title above it).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gridapp.errors import UserError
from gridapp.services import importcells

HEADER_SEARCH = 10  # rows looked at for the header
OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # the old .xls, and any Excel file with an opening password


@dataclass
class Sheet:
    name: str
    header_row: int  # 0-based index of the header row in ``cells``
    headers: list[str]
    cells: list[list]  # every row of the sheet, as read

    @property
    def body(self) -> list[list]:
        return self.cells[self.header_row + 1:]

    def row_number(self, i: int) -> int:
        """The row number a person sees in Excel for body row ``i``."""
        return self.header_row + 2 + i


def _open(path: Path):
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine ships with gridapp
        return None
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors are many small types
        raise UserError(f"无法读取 {path.name}：{exc}") from None


def sheet_names(path: str | Path) -> list[str]:
    path = _checked(path)
    wb = _open(path)
    if wb is not None:
        return list(wb.sheet_names)
    with _unreadable(path):
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()


def _checked(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件 {path}")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise UserError(f"{path.name} 不是 Excel 表格（.xlsx、.xls）")
    _sniff(path)
    return path


def _sniff(path: Path) -> None:
    """What the file's first bytes say it is: a clear message for what no reader can open."""
    with path.open("rb") as f:
        head = f.read(4096)
    if not head:
        raise UserError(f"{path.name} 是空文件（0 字节），不是 Excel 表格：请重新复制原文件")
    if head.startswith(b"%PDF"):
        raise UserError(f"{path.name} 是 PDF 文件，不是 Excel 表格：请要来原始的 Excel 文件")
    if head.startswith(OLE):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise UserError(f"{path.name} 设有打开密码（已加密）：请在 Excel 中输入密码打开，"
                            "取消密码后另存为 .xlsx 再导入")
        if path.suffix.lower() != ".xls" or not _has_calamine():
            raise UserError(f"{path.name} 是旧版 Excel（.xls）格式：请在 Excel 中打开后另存为 .xlsx 再导入")
        return
    if head.startswith(b"PK"):
        return
    if b"\0" not in head:
        raise UserError(f"{path.name} 是文本文件（如 CSV），不是 Excel 表格：请在 Excel 中打开后另存为 .xlsx 再导入")
    raise UserError(f"{path.name} 不是 Excel 表格（无法识别文件内容）")


def _has_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def _unreadable(path: Path):
    """Whatever openpyxl raises on a damaged file (a bad zip, missing parts, broken XML, …)
    becomes one message."""
    try:
        yield
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - a damaged file fails in many ways inside the reader
        raise UserError(f"{path.name} 已损坏或不完整，无法读取：请在 Excel 中打开，另存后再导入") from None


def _rows(path: Path, sheet: str | None) -> tuple[str, list[list]]:
    wb = _open(path)
    if wb is not None:
        name = sheet or wb.sheet_names[0]
        if name not in wb.sheet_names:
            raise UserError(f"{path.name} 中没有工作表“{name}”（有：{'、'.join(wb.sheet_names)}）")
        return name, [list(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)]
    with _unreadable(path):
        from openpyxl import load_workbook
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            name = sheet or book.sheetnames[0]
            if name not in book.sheetnames:
                raise UserError(f"{path.name} 中没有工作表“{name}”（有：{'、'.join(book.sheetnames)}）")
            return name, [["" if v is None else v for v in r] for r in book[name].iter_rows(values_only=True)]
        finally:
            book.close()


def find_header(cells: list[list], recognise=importcells.recognise) -> int:
    """The row with the most recognised headers among the first rows (at least two)."""
    best, best_count = -1, 1
    for i, row in enumerate(cells[:HEADER_SEARCH]):
        count = sum(1 for v in row if recognise(v))
        if count > best_count:
            best, best_count = i, count
    return best


def read_sheet(path: str | Path, sheet: str | None = None, recognise=importcells.recognise) -> Sheet:
    """The sheet's cells and header row; ``recognise`` names the headers a header row has."""
    path = _checked(path)
    name, cells = _rows(path, sheet)
    while cells and all(v in ("", None) for v in cells[-1]):
        cells.pop()
    header = find_header(cells, recognise)
    if header < 0:
        raise UserError(f"{path.name}“{name}”的前 {HEADER_SEARCH} 行里找不到表头（如 姓名、身份证号、与户主关系）")
    headers = [importcells.text(v) for v in cells[header]]
    width = len(headers)
    cells = [list(r[:width]) + [""] * (width - len(r)) for r in cells]
    return Sheet(name, header, headers, cells)
