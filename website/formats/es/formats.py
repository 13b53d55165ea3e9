"""Formats for this language: see website/formats/common.py."""

from ..common import *  # noqa: F403
