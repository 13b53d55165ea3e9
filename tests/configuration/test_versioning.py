"""One save path for versioned rows: no module bumps `version` by hand; the
coordinators' tools, state changes and services go through `save_versioned`
(issue 16.5), so every write of a versioned row is a compare-and-set."""

import ast
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

APPS = ("casework", "configuration", "directory", "helpdesk", "website")
THE_ONE_PLACE = Path("configuration", "versioning.py")


def _writes_version(node: ast.AST) -> bool:
    """`x.version = …`, `x.version += …` or `.update(version=…)`."""
    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return any(
            isinstance(t, ast.Attribute) and t.attr == "version" for t in targets
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "update" and any(
            keyword.arg == "version" for keyword in node.keywords
        )
    return False


def hand_written_version_bumps() -> list[str]:
    root = Path(settings.BASE_DIR)
    found = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts or relative == THE_ONE_PLACE:
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if _writes_version(node):
                    found.append(f"{relative}:{node.lineno}")
    return found


class OneSavePathTests(SimpleTestCase):
    def test_no_module_but_the_version_check_writes_a_version(self):
        self.assertEqual(hand_written_version_bumps(), [])
