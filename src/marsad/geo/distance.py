"""Great-circle distance: the one haversine of marsad."""

from __future__ import annotations

import math

# The IUGG mean Earth radius. Callers that were tuned with the rounder 6371.0 pass it.
EARTH_RADIUS_KM = 6371.0088
ROUND_EARTH_RADIUS_KM = 6371.0  # the place scoring and the scorer's thresholds were set with it


def haversine_km(
    lat1: float, lon1: float, lat2: float, lon2: float, radius_km: float = EARTH_RADIUS_KM
) -> float:
    """Distance in kilometres between two (latitude, longitude) points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(h)))


def within_km(
    lat1: float, lon1: float, lat2: float, lon2: float, km: float, radius_km: float = EARTH_RADIUS_KM
) -> bool:
    """haversine_km(...) <= km, answered without trigonometry when the latitudes alone are
    too far apart: a great-circle distance is never shorter than radius × the latitude
    difference (in radians). The margin keeps rounding from ever changing the answer."""
    if abs(lat1 - lat2) * (math.pi / 180.0) * radius_km > km * (1 + 1e-9) + 1e-9:
        return False
    return haversine_km(lat1, lon1, lat2, lon2, radius_km) <= km
