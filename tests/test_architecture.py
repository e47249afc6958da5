"""The core and the report builders never import Qt."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str) -> list[str]:
    path = ROOT / package
    names = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        if ".migrations." in info.name or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_core_and_reports_import_without_qt():
    modules = _modules("gridapp") + _modules("reports")
    assert "gridapp.services.stats" in modules and "gridapp.demo.build" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(','.join(qt))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"


def test_no_qt_import_statement_in_core_sources():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)", re.M)
    offenders = [str(p.relative_to(ROOT)) for package in ("gridapp", "reports")
                 for p in (ROOT / package).rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
