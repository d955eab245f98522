"""Package attributes loaded on first use (PEP 562).

A package whose ``__init__`` imports its heavy modules makes every importer pay for them:
the CLI imports ``newsdesk.stories.views`` to print a table and would load scipy's
clustering; ``analyze`` with nothing new would load the copy verifiers, the clusterer and
the cross-check's detectors only to find no work. A package lists its public names here
instead, and each is imported from its module when first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where`` maps each public name to the
    submodule that defines it."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
