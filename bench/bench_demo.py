"""Times `python -m gridapp demo` and `stats --json` at community and street scale.

Usage: python bench/bench_demo.py [--scale street|community|both] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import gridapp, report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["street", "community", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scales = ["community", "street"] if args.scale == "both" else [args.scale]
    for scale in scales:
        build, stats = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                path = str(Path(tmp) / "demo.db")
                build.append(gridapp("demo", "--scale", scale, "--db", path, "--quiet"))
                stats.append(gridapp("stats", "--json", "--db", path))
        report(f"demo --scale {scale}", build)
        report(f"stats --json ({scale} demo, whole process)", stats)


if __name__ == "__main__":
    main()
