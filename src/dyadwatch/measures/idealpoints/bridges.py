"""Resolutions that recur across sessions: the bridges that make sessions comparable.

Bailey, Strezhnev & Voeten (2017) hold a resolution's parameters fixed across the sessions in
which the Assembly votes on it again, so that a country voting differently on the same text
has moved, while a new agenda does not move anyone. The roll-call table has no identifier of
"the same resolution": resolution numbers (``unres``) change every session. The rule here,
applied to the ``short`` and ``descr`` fields of each roll call:

1. Only votes on whole resolutions can bridge: amendments and paragraph votes (``amend`` or
   ``para`` = 1) and procedural votes (a description mentioning a paragraph, an amendment, a
   motion, adjournment, postponement or procedure, or the President's words) are left alone.
2. A title is the text normalised: the catalogue suffix ": resolution / adopted by the General
   Assembly" and agenda references ("A/73/251 74c - ") removed, only the first of several
   ``;``-separated subjects kept, lower case, letters only, single spaces; at least three words.
3. A title is a key in a session only when exactly one roll call of that session carries it
   (a subject heading such as "HUMAN RIGHTS--REPORTS", shared by several resolutions of a
   session, identifies none of them).
4. Roll calls sharing a key in two or more sessions are joined; joins are transitive (a roll
   call may match one session by ``short`` and another by ``descr``). A group that ends up with
   two roll calls in one session is ambiguous and is dissolved (counted in ``clashes``).

Each surviving group is one *bridge*: its roll calls share discrimination and cuts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["Bridges", "recurring_resolutions", "normalise_title"]

_SUFFIX = re.compile(r"\s*:\s*resolution\s*/\s*adopted by the general assembly.*$", re.I)
_AGENDA = re.compile(r"^a/\d+/\d+\s+\S+\s+-\s+", re.I)
_PROCEDURAL = re.compile(
    r"paragraph|amendment|adjourn|postpone|motion|procedur|the acting president|the president",
    re.I,
)
MIN_WORDS = 3


@dataclass(frozen=True)
class Bridges:
    """The bridge of each bridged roll call, and counts of what the rule found.

    Attributes:
        group: ``rcid`` -> bridge number (only bridged roll calls).
        keys: distinct titles recurring in two or more sessions.
        clashes: groups dissolved because they held two roll calls of one session.
    """

    group: pd.Series
    keys: int
    clashes: int

    @property
    def n_bridges(self) -> int:
        return int(self.group.nunique())

    @property
    def n_rollcalls(self) -> int:
        return len(self.group)

    def summary(self) -> dict[str, int]:
        return {
            "bridges": self.n_bridges,
            "bridged_roll_calls": self.n_rollcalls,
            "recurring_titles": self.keys,
            "dissolved_groups": self.clashes,
        }


def normalise_title(text: object) -> str | None:
    """The comparable form of a title (rule 2 of the module docstring), or None."""
    if not isinstance(text, str):
        return None
    t = text.strip().split(";")[0]
    t = _AGENDA.sub("", _SUFFIX.sub("", t)).lower()
    t = " ".join(re.sub(r"[^a-z]+", " ", t).split())
    return t if len(t.split()) >= MIN_WORDS else None


def _keys(rolls: pd.DataFrame) -> pd.DataFrame:
    """``rcid, session, key`` of whole-resolution roll calls, keys unique within a session and
    recurring in two or more sessions."""
    text = rolls["short"].fillna("") + " " + rolls["descr"].fillna("")
    whole = ~(
        (rolls["amend"] == 1) | (rolls["para"] == 1) | text.str.contains(_PROCEDURAL, na=False)
    )
    parts = []
    for col in ("short", "descr"):
        part = rolls.loc[whole, ["rcid", "session"]].assign(key=rolls.loc[whole, col])
        part["key"] = part["key"].map(normalise_title)
        parts.append(part.dropna(subset=["key"]))
    keys = pd.concat(parts).drop_duplicates(["rcid", "key"])
    per_session = keys.groupby(["key", "session"])["rcid"].transform("nunique")
    keys = keys[per_session == 1]
    sessions = keys.groupby("key")["session"].transform("nunique")
    return keys[sessions >= 2]


def _components(keys: pd.DataFrame) -> dict[int, int]:
    """Union-find over roll calls sharing a key: ``rcid`` -> representative ``rcid``."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, rcids in keys.groupby("key")["rcid"]:
        ids = rcids.tolist()
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    return {rc: find(rc) for rc in keys["rcid"].unique()}


def recurring_resolutions(roll_calls: pd.DataFrame) -> Bridges:
    """Group the roll calls that vote on the same resolution in different sessions.

    Args:
        roll_calls: ``rcid, session, amend, para, short, descr`` (the ``unvotes`` table).

    Returns:
        :class:`Bridges`; roll calls not in it stand alone.
    """
    rolls = roll_calls[["rcid", "session", "amend", "para", "short", "descr"]]
    keys = _keys(rolls)
    comp = pd.Series(_components(keys), name="root", dtype="int64")
    session = rolls.set_index("rcid")["session"]
    members = pd.DataFrame({"root": comp, "session": session.reindex(comp.index).to_numpy()})
    worst = members.groupby(["root", "session"]).size().groupby("root").max()
    good = members[members["root"].isin(worst.index[worst == 1])]
    number = {root: i for i, root in enumerate(sorted(good["root"].unique()))}
    group = good["root"].map(number).astype("int64").rename("bridge").sort_index()
    group.index.name = "rcid"
    return Bridges(group=group, keys=int(keys["key"].nunique()), clashes=int((worst > 1).sum()))
