"""within_km answers as haversine_km(...) <= km does, including at the boundary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km, within_km

lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)


@settings(max_examples=2000, deadline=None)
@given(lats, lons, lats, lons, st.floats(min_value=0, max_value=25000, allow_nan=False))
def test_within_km_is_the_haversine_comparison(
    lat1: float, lon1: float, lat2: float, lon2: float, km: float
) -> None:
    assert within_km(lat1, lon1, lat2, lon2, km, ROUND_EARTH_RADIUS_KM) == (
        haversine_km(lat1, lon1, lat2, lon2, ROUND_EARTH_RADIUS_KM) <= km
    )


@settings(max_examples=500, deadline=None)
@given(lats, lons, lats, lons)
def test_within_km_at_exactly_the_distance(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = haversine_km(lat1, lon1, lat2, lon2)
    assert within_km(lat1, lon1, lat2, lon2, d)


def test_far_in_latitude_only_is_never_near() -> None:
    # One degree of latitude is about 111 km whatever the longitude.
    assert not within_km(33.0, 36.0, 34.0, 36.0, 100.0)
    assert within_km(33.0, 36.0, 34.0, 36.0, 112.0)
