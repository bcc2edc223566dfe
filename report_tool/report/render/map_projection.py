"""The Equal Earth projection: equal-area, so that no state looks bigger than it is.

Closed form from Bojan Šavrič, Tom Patterson and Bernhard Jenny, "The Equal Earth map projection",
International Journal of Geographical Information Science 33(3), 2019, 454-465 (published online
2018), equations 1 and 2 with the coefficients of its Table 1.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2

Array = NDArray[np.float64]


def equal_earth(lon: Array, lat: Array) -> tuple[Array, Array]:
    """Map coordinates (on a sphere of radius 1) of longitudes and latitudes in degrees; a
    longitude beyond ±180 (an unwrapped ring) lies past the map's edge, where it is clipped."""
    lam = np.radians(lon)
    theta = np.arcsin(M * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def outline(south: float = -90.0, north: float = 90.0, points: int = 181) -> tuple[Array, Array]:
    """The map's edge (the meridians ±180 from `south` to `north`, joined by straight lines
    along those parallels), closed."""
    lat = np.linspace(south, north, points)
    east = equal_earth(np.full(points, 180.0), lat)
    west = equal_earth(np.full(points, -180.0), lat[::-1])
    return np.concatenate([east[0], west[0], east[0][:1]]), np.concatenate([east[1], west[1], east[1][:1]])
