"""Where the official Hèstia files are: ../shared/data/hestia-interface/ beside the
checkout (or beside the folder of worktrees), or LLAR_HESTIA_DIR. They are read
from there, never copied into the repository; tests skip without them."""

import os
import unittest
from pathlib import Path

from django.conf import settings


def hestia_dir() -> Path:
    if os.environ.get("LLAR_HESTIA_DIR"):
        return Path(os.environ["LLAR_HESTIA_DIR"])
    root = Path(settings.BASE_DIR)
    candidates = [
        parent / "shared" / "data" / "hestia-interface" for parent in root.parents
    ]
    return next((path for path in candidates if path.is_dir()), candidates[0])


def official_file(name: str) -> Path:
    path = hestia_dir() / name
    if not path.exists():
        raise unittest.SkipTest(f"{path} is not available")
    return path
