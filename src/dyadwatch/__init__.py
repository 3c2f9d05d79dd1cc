"""dyadwatch: turn an argument about great-power relations into measurements and tests."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
