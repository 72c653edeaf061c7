"""Where the project's folders are: the repository root, ``data/`` and ``notebooks/`` (one place for all)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # yibao_helpers/core/paths.py → the repository
DATA_DIR = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
