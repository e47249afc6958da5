"""``python -m gridapp`` run from a folder that holds a script called ``cli.py`` (and folders
called ``forms`` and ``reports``), as a street office's own scripts folder may: gridapp's own
command line still answers."""

from __future__ import annotations

import subprocess
import sys


def test_a_cli_script_in_the_working_folder_does_not_shadow_the_command_line(tmp_path):
    (tmp_path / "cli.py").write_text("raise SystemExit('the office script ran instead')\n", encoding="utf-8")
    for folder in ("forms", "reports"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("raise SystemExit('shadowed')\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gridapp", "--help"], cwd=tmp_path, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "用法：python -m gridapp" in done.stdout and "office script" not in done.stderr
