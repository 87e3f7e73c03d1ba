"""The two matched sites of a split-body design, named as the participant sees
them. Pure, no Django.

Kefir in the carrier goes on one side, drawn at random when the protocol was locked;
the carrier alone goes on the matched site of the other side. Each day's log rates
the primary measure on each site (``CheckIn.site_kefir`` and ``site_carrier``).
"""

from dataclasses import dataclass

from skingarden.programmes.protocol import TopicalArm

ARM_WORDS = {"kefir": "kefir in carrier", "carrier": "carrier only"}
OTHER_SIDE = {"left": "right", "right": "left"}
SITE_FIELDS = {"kefir": "site_kefir", "carrier": "site_carrier"}


@dataclass(frozen=True)
class Site:
    arm: str  # "kefir" or "carrier"
    side: str  # "left" or "right"
    area: str  # the participant's words, e.g. "forearm"

    @property
    def place(self) -> str:
        """Where on the body, e.g. "left forearm"."""
        return f"{self.side} {self.area}".strip()

    @property
    def label(self) -> str:
        """The place and what goes on it, e.g. "left forearm — kefir in carrier"."""
        return f"{self.place} — {ARM_WORDS[self.arm]}"

    @property
    def field(self) -> str:
        return SITE_FIELDS[self.arm]


def split_sites(topical: TopicalArm) -> tuple[Site, Site] | None:
    """The kefir site and the carrier site, or None without a split-body design."""
    if not topical.split_body:
        return None
    side = topical.kefir_side
    return (
        Site("kefir", side, topical.area),
        Site("carrier", OTHER_SIDE[side], topical.area),
    )
