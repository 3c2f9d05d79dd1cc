"""The cycle's pieces a front end uses beside the :class:`~dyadwatch.study.Study`: stages of a
series, stages credited to presidents, and the essay's landmarks.

The core's own functions (:func:`dyadwatch.cycle.stages.detect_stages`,
:func:`dyadwatch.cycle.presidents.attribute_stages`,
:func:`dyadwatch.sources.landmarks.load_landmarks`), gathered for the front ends; for a
dyad's stages, presidents and landmarks test, use the Study (``Study(dyad).stages``).
"""

from __future__ import annotations

from dyadwatch.cycle.presidents import attribute_stages
from dyadwatch.cycle.stages import detect_stages
from dyadwatch.sources.landmarks import load_landmarks

__all__ = ["detect_stages", "attribute_stages", "load_landmarks"]
