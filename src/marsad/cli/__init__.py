"""Command-line interface. Each module in this package adds its commands to `app`.

Modules are discovered, so a new command is a new file, not an edit here. Heavy imports
(FastAPI, SQLAlchemy, Dask, …) stay inside command functions to keep start-up fast.
"""

from __future__ import annotations

import importlib
import pkgutil

from marsad.cli.app import app

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _mod != "app" and not _mod.startswith("_"):
        importlib.import_module(f"{__name__}.{_mod}")

__all__ = ["app"]
