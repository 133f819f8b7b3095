"""Extraction: one cleaned article in, its events out (see ``pipeline`` for the stages)."""

from warledger.extract.pipeline import extract_events

__all__ = ["extract_events"]
