"""The product version attached to every incident, defined once.

A build sets LLAR_VERSION (e.g. to `git describe --tags`); otherwise it is the
version in pyproject.toml, read once at start-up.
"""

import os
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _pyproject_version() -> str:
    try:
        with PYPROJECT.open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


PRODUCT_VERSION: str = os.environ.get("LLAR_VERSION") or _pyproject_version()
