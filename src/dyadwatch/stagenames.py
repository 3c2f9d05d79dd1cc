"""The five stage names of the cycle, in the essay's order.

*euphoria → pragmatism → disillusionment → crisis → reset*, after Keir Giles of Chatham House,
as the essay "What We Get Wrong About Russia" quotes him. A base module: readers of landmark
files (data layer) and every stage method (core) share the one vocabulary.
"""

from __future__ import annotations

__all__ = ["STAGES"]

STAGES = ("euphoria", "pragmatism", "disillusionment", "crisis", "reset")
