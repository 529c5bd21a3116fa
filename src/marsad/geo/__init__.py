"""Gazetteer and place resolution."""

from marsad.geo.gazetteer import Gazetteer, Place

__all__ = ["Gazetteer", "Place"]
