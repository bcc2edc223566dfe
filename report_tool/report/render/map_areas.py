"""The atlas's shapes that are not among the 197 states: how each is drawn, and why. None is counted.

Drawn in a state's colour only where the area is, without dispute at the United Nations, part of
that state (an autonomous or special administrative region, or an area the UN recognises as no
state of its own); every other area is drawn neutral, as the workbook says nothing of it. The
Convention's application to a dependent territory follows its administering state's own
declarations, which the workbook does not record, so those are neutral too.
"""

from __future__ import annotations

#: Drawn in the colour of the state with this code.
AS_STATE = {
    "ALA": ("FIN", "Åland, an autonomous region of Finland"),
    "HKG": ("CHN", "Hong Kong, a special administrative region of China"),
    "MAC": ("CHN", "Macao, a special administrative region of China"),
    "CYN": ("CYP", "the north of Cyprus, which the UN recognises as no state of its own"),
    "SOL": ("SOM", "Somaliland, which the UN recognises as no state of its own"),
}
#: Drawn neutral: not a state of the list, or its status is disputed.
NEUTRAL = {
    "ESH": "Western Sahara, a non-self-governing territory",
    "XKX": "Kosovo, whose status the UN leaves open (Security Council resolution 1244)",
    "TWN": "Taiwan, not among the 197 states",
    "KAS": "the Siachen Glacier, disputed",
    "FLK": "the Falkland Islands (Malvinas), disputed",
}
#: Left out: the map stops short of it.
LEFT_OUT = {"ATA": "Antarctica, under the Antarctic Treaty: the map stops at 60 degrees south"}
#: Every other shape of the atlas that is not a state is a dependent territory: drawn neutral.
TERRITORY = "a dependent territory, drawn neutral"


def drawn_as(code: str, states: set[str]) -> str | None:
    """The state whose colour the shape takes (itself, for a state), "" for neutral, None if left out."""
    if code in states:
        return code
    if code in LEFT_OUT:
        return None
    if code in AS_STATE:
        return AS_STATE[code][0]
    return ""
