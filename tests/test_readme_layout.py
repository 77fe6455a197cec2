"""The README's layout section names every module of the engine, so a reader new to the code
finds each one there (a module added without its line fails here)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)^## ", text, re.M | re.S)
    assert match, "README.md has no Layout section"
    return match.group(1)


def test_every_module_is_in_the_readme_layout():
    layout = _layout()
    named = set(re.findall(r"[\w]+(?=\.py\b)", layout)) | set(re.findall(r"\b\w+\b", layout))
    missing = []
    for path in sorted((ROOT / "analytics").rglob("*.py")):
        if path.name == "__init__.py" or "translations" in path.parts:
            continue  # translations/<area>.py: one table per area, named as a pattern
        if path.stem not in named:
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"modules missing from the README's layout: {missing}"


def test_the_layout_names_only_modules_that_exist():
    layout = _layout()
    for rel in re.findall(r"^\s+([\w/]+\.py)\b", layout, re.M):
        candidates = [ROOT / rel, ROOT / "analytics" / rel, ROOT / "analytics" / "metrics" / rel]
        assert any(c.exists() for c in candidates), rel
