"""The real gazetteer index for the geo tests: the installed one, built once when missing."""

from __future__ import annotations

import pytest

from warledger.geo import Gazetteer, get_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    # builds the index at warledger.paths.gazetteer_path() on first use, as the pipeline does
    return get_gazetteer()
