"""The flat public API: every name in __all__ resolves."""

from __future__ import annotations

import dyadwatch


def test_every_public_name_resolves():
    for name in dyadwatch.__all__:
        assert getattr(dyadwatch, name) is not None, name


def test_unknown_name_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        dyadwatch.no_such_thing  # noqa: B018
