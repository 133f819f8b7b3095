"""Query languages of other conflict-data APIs, translated for the warledger store.

``acled``: the ACLED API's query string (``<field>=value``, ``<field>_where`` operators, ``:OR:``
value lists, ``fields``, ``limit``/``page``); ``ucdp``: the UCDP GED API's parameters and its
event record. The routes in ``warledger.api.routes.acled`` and ``.ucdp`` are thin shells over
these pure functions; rows are always built by ``warledger.export.acled.acled_row`` and
``warledger.export.ucdp.ucdp_row``, the same mappings as the CSV exports.
"""
