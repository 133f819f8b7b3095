"""The REST API and the map dashboard (``warledger serve``): a thin web layer over ``warledger.store.Ledger``."""

from warledger.api.app import create_app

__all__ = ["create_app"]
