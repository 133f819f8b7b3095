"""Sentences go through spaCy in one batch: tagger and parser (and their token vectors) only where a rule reads the
parse, the entity recognizer everywhere."""

from __future__ import annotations

from warledger.extract.nlp import english, pipe_sentences
from warledger.extract.pipeline import extract_events, reads_parse
from warledger.model import Article

NO_PARSE = "Heavy shelling hit the outskirts of Donetsk and the village of Marinka overnight."
CLAIM = "The regional governor said two civilians died in the strike on Kharkiv."
ACCORDING = "Fighting resumed near Goma on Friday, according to the UN mission in Congo."
CASUALTY = "A local commander, who had been detained on Monday, was killed in Idlib."


def test_reads_parse_only_for_reporting_verbs_according_to_and_casualty_verbs() -> None:
    nlp = english()
    assert reads_parse(nlp.make_doc(CLAIM))
    assert reads_parse(nlp.make_doc(ACCORDING))
    assert reads_parse(nlp.make_doc(CASUALTY))
    assert not reads_parse(nlp.make_doc(NO_PARSE))


def test_pipe_sentences_keeps_order_and_parses_only_where_asked() -> None:
    texts = [NO_PARSE, CLAIM, NO_PARSE.replace("Donetsk", "Avdiivka"), ACCORDING]
    docs = pipe_sentences(texts, reads_parse)
    assert [d.text for d in docs] == texts
    assert [d.has_annotation("DEP") for d in docs] == [False, True, False, True]
    said = next(t for t in docs[1] if t.lower_ == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["governor"]


def test_unparsed_sentences_keep_the_full_pipelines_entities_without_tags() -> None:
    texts = [NO_PARSE, "Gunmen torched three houses in Plateau State late on Saturday, residents fled to Jos.",
             "Protesters blocked the highway between Lahore and Islamabad for a second day."]
    full = list(english().pipe(texts))
    without_parse = pipe_sentences(texts, lambda doc: False)
    for a, b in zip(full, without_parse, strict=True):
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
        assert not b.has_annotation("TAG") and not b.has_annotation("DEP")
    assert sum(len(a.ents) for a in full) >= 3  # the comparison means something


def test_the_entity_recognizer_embeds_the_words_itself() -> None:
    # why the syntax components can be skipped: a recognizer listening to the shared tok2vec would read zeros
    nlp = english()
    assert "Listener" not in nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    assert {name for name, _ in nlp.pipeline} == {"tok2vec", "tagger", "parser", "ner"}


def test_claimant_still_found_when_other_sentences_skip_the_parse() -> None:
    text = (f"{NO_PARSE} Officials in Kyiv condemned the attack. The regional governor said two civilians were "
            "killed when a rocket hit a market in Kostiantynivka on Tuesday.")
    article = Article(id="t1", url="", title="Shelling in Donetsk region", text=text, outlet="Example Wire",
                      published=None)
    events = extract_events(article)
    killed = [c for e in events for c in e.casualties if c.kind == "killed"]
    assert killed and killed[0].best == 2
    assert any("governor" in (c.claimed_by or "") for c in killed)


def test_parsed_sentences_get_the_full_pipelines_parse_tags_and_entities() -> None:
    # the parser runs apart from the batch's other components; it must read the same tok2vec output and leave the
    # entity recognizer the same sentence boundaries as nlp.pipe does
    texts = [CLAIM, NO_PARSE, ACCORDING, CASUALTY,
             "Police said the gunmen, who fled towards the border with Niger, killed four traders in Zamfara."]
    full = list(english().pipe(texts))
    mixed = pipe_sentences(texts, reads_parse)
    for a, b in zip(full, mixed, strict=True):
        if not b.has_annotation("DEP"):
            continue
        assert [(t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in a] == \
            [(t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in b]
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
    assert sum(d.has_annotation("DEP") for d in mixed) == 4
