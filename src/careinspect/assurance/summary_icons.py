"""The small library of plain pictures a child-friendly summary may use (RPT-5: "pictures allowed").

Each icon is a simple SVG drawn for this service under `static/assurance/icons/`, with the alt text a
screen reader gives in its place. The inspector picks at most one per block of the summary.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Icon:
    key: str
    alt: str  # what the picture shows, read out in its place

    @property
    def static_path(self) -> str:
        return f"assurance/icons/{self.key}.svg"


ICONS: tuple[Icon, ...] = (
    Icon("home", "A house"),
    Icon("family", "A family: two grown-ups and a child"),
    Icon("heart", "A heart: caring"),
    Icon("school", "A school"),
    Icon("health", "Health: a doctor's cross"),
    Icon("safe", "Safe: a shield"),
    Icon("talk", "Talking: a speech bubble"),
    Icon("happy", "A happy face"),
    Icon("worried", "A worried face"),
    Icon("calendar", "A calendar"),
    Icon("star", "A star"),
)
BY_KEY: dict[str, Icon] = {icon.key: icon for icon in ICONS}
# For a form's choices: no picture first.
ICON_CHOICES: list[tuple[str, str]] = [("", "No picture"), *((i.key, i.alt) for i in ICONS)]


def icon(key: str) -> Icon | None:
    return BY_KEY.get(key)


FOLDER = Path(__file__).parent / "static" / "assurance" / "icons"


def icon_data_uri(found: Icon) -> str:
    """The picture as a data: URL, for the PDF (whose renderer fetches nothing else)."""
    svg = (FOLDER / f"{found.key}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
