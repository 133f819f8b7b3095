"""Scoring extraction against gold data (``warledger eval``): metrics in ``metrics.py``, the run in ``run.py``."""
