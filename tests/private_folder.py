"""The private folder (documents, exports) of a test class: a temporary one."""

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings


class PrivateFolder:
    """Each test class writes its files into a temporary private folder."""

    @classmethod
    def setUpClass(cls):
        cls.private = Path(tempfile.mkdtemp())
        cls.private_override = override_settings(LLAR_PRIVATE_DIR=cls.private)
        cls.private_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.private_override.disable()
        shutil.rmtree(cls.private, ignore_errors=True)
