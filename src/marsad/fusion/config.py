"""fusion/data/fusion.yaml: the thresholds and word lists of de-duplication and fusion."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def fusion_config() -> dict[str, Any]:
    """The parsed fusion.yaml (read once)."""
    import yaml

    with resources.files("marsad.fusion").joinpath("data", "fusion.yaml").open("r", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))
