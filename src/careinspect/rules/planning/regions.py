"""England's nine regions and which border which: "do not cross the country when a colleague is near".

The names are those of `registry.models.Region` (kept here as plain strings: the rules know no Django).
A placement in the provider's own region costs nothing; one from a bordering region costs one step and
one from further away two, so an inspector from next door is preferred to one from across the country.
"""

from __future__ import annotations

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

# Regions that share a border (a county boundary), each pair written once.
_BORDERS = (
    ("North East", "North West"),
    ("North East", "Yorkshire and the Humber"),
    ("North West", "Yorkshire and the Humber"),
    ("North West", "East Midlands"),
    ("North West", "West Midlands"),
    ("Yorkshire and the Humber", "East Midlands"),
    ("East Midlands", "West Midlands"),
    ("East Midlands", "East of England"),
    ("East Midlands", "South East"),
    ("West Midlands", "South East"),
    ("West Midlands", "South West"),
    ("East of England", "London"),
    ("East of England", "South East"),
    ("London", "South East"),
    ("South East", "South West"),
)

NEIGHBOURS: dict[str, frozenset[str]] = {
    region: frozenset({b for a, b in _BORDERS if a == region} | {a for a, b in _BORDERS if b == region})
    for region in REGIONS
}


def region_steps(home: str, away: str) -> int:
    """0 in the same region, 1 next door, 2 across the country."""
    if home == away:
        return 0
    return 1 if away in NEIGHBOURS.get(home, frozenset()) else 2
