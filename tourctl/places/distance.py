"""Distances between places and the least time a trip between them can take.

Pure functions of coordinates, so the travel checks stay thin and the model
behind them (docs/checks.md) is in one place.
"""

from __future__ import annotations

import math
from datetime import timedelta

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG); the haversine error against the ellipsoid is under 0.5 %."""

GROUND_SPEED_KMH = 80.0
GROUND_OVERHEAD = timedelta(minutes=30)
FLIGHT_SPEED_KMH = 700.0
FLIGHT_OVERHEAD = timedelta(hours=3)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two ``(latitude, longitude)`` points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def ground_time(km: float) -> timedelta:
    """Door to door by train, bus or car: straight-line distance at 80 km/h, plus 30 minutes."""
    return GROUND_OVERHEAD + timedelta(hours=km / GROUND_SPEED_KMH)


def flight_time(km: float) -> timedelta:
    """Door to door by air: 3 hours of getting to, through and out of airports, plus 700 km/h."""
    return FLIGHT_OVERHEAD + timedelta(hours=km / FLIGHT_SPEED_KMH)


def least_travel_time(km: float) -> timedelta:
    """The least time anyone could need to get from one venue to another ``km`` away.

    The faster of ground and air, so the estimate is continuous and grows with
    distance; the crossover is at about 226 km. It is deliberately optimistic:
    the travel check should flag the impossible, not the uncomfortable.
    """
    return min(ground_time(km), flight_time(km))
