"""ACLED's conventions for an export row whose event names no first actor: an unknown attacker
is "Unidentified Armed Group (Country)" (inter 3), unnamed demonstrators "Protesters (Country)"
(6) and unnamed rioters "Rioters (Country)" (5), so `actor1` is never empty in the CSV."""

from __future__ import annotations

from typing import Any

from marsad.store.flatten import interaction_code

# event_type → (name template, inter code) of the actor ACLED codes when none is named.
UNNAMED_ACTOR1: dict[str, tuple[str, int]] = {
    "Protests": ("Protesters ({country})", 6),
    "Riots": ("Rioters ({country})", 5),
}
UNIDENTIFIED = ("Unidentified Armed Group ({country})", 3)


def default_actor1(acled: dict[str, Any]) -> dict[str, Any]:
    """The ACLED row with ACLED's unnamed actor when `actor1` is empty (its inter and interaction too)."""
    if acled.get("actor1"):
        return acled
    template, inter = UNNAMED_ACTOR1.get(str(acled.get("event_type")), UNIDENTIFIED)
    country = acled.get("country") or "International"
    acled.update(actor1=template.format(country=country), inter1=inter)
    acled["interaction"] = interaction_code(inter, int(acled.get("inter2") or 0))
    return acled
