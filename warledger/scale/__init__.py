"""Scale-out: batch extraction on Dask (``dask_runner``) and feed watching (``watch``).

Both feed ``warledger.pipeline.process_document`` and hand the results to one writer
(``warledger.store.Ledger``), so the ledger database is never written concurrently.
"""

from warledger.scale.dask_runner import RunnerError, process_documents

__all__ = ["RunnerError", "process_documents"]
