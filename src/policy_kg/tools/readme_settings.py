"""Rewrite the settings table of README.md from ``settings.SETTINGS`` (between the settings markers).

Run ``python -m policy_kg.tools.readme_settings`` after adding a setting; ``tests/test_settings.py`` fails while
the README is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..settings import settings_markdown

README = Path(__file__).resolve().parents[3] / "README.md"
START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def with_table(text: str) -> str:
    block = f"{START}\n{settings_markdown()}\n{END}"
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)


def main() -> int:
    README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
