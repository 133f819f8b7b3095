"""Where warledger keeps its files: the user's data directory, overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """``$WARLEDGER_DATA_DIR``, else ``$XDG_DATA_HOME/warledger``, else ``~/.local/share/warledger``."""
    env = os.environ.get("WARLEDGER_DATA_DIR")
    if env:
        path = Path(env)
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "warledger"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The embedded SQLite ledger used when no ``--db`` is given."""
    return f"sqlite:///{data_dir() / 'ledger.sqlite'}"


def gazetteer_path() -> Path:
    """The offline gazetteer index (``$WARLEDGER_GAZETTEER`` overrides)."""
    env = os.environ.get("WARLEDGER_GAZETTEER")
    return Path(env) if env else data_dir() / "gazetteer.sqlite"


def sample_corpus_dir() -> Path:
    """The bundled sample corpus (written for warledger; fictional reports of realistic events)."""
    return Path(__file__).parent / "data" / "sample_corpus"
