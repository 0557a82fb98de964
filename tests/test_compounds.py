"""Compound terms read whole (index/compounds.py, bot/extractive/compounds.py): "side effects" is not "effects"."""
from __future__ import annotations

import json
import shutil

import pytest

TRANSIENT = "The effects of IVIG are typically transient"
# what a sentence on IVIG's side effects says: the compound, or the ITP page's "infusion reactions ... complication"
SIDE_EFFECT_WORDS = ("side effect", "reaction", "complication")


def test_the_corpus_s_compounds_are_its_frequent_collocations():
    """A run written often whose words keep company counts; a frequent run of a frequent word ("ivig helps", written
    as often as "blood clots") does not, nor a run seen fewer than MIN_COUNT times, nor one across a full stop."""
    from index.compounds import compute

    texts = ["IVIG has side effects. Side effects are mild. Some side effects pass. IVIG helps. IVIG helps a lot.",
             "IVIG helps here. IVIG works. The effects of IVIG last. IVIG lasts. IVIG is given. IVIG is slow.",
             "Blood clots are rare. Blood clots happen. Blood clots matter. Kidney function. Kidney function. Side."]
    found = compute(texts)
    assert "side effects" in found and "blood clots" in found
    assert "ivig helps" not in found and "kidney function" not in found
    assert "effects are" not in found and "clots are" not in found      # "are" is one of English's commonest words


def test_the_build_stores_the_compounds_and_an_older_index_gets_them_computed(corpus_index, stored, embedder, tmp_path):
    """A build keeps the compounds in its manifest's vocabulary; an index built before they were loads, and the bot
    computes the same ones from its documents."""
    from index import load_index
    from bot.extractive.compounds import CompoundReading

    assert "side effects" in stored.manifest["vocabulary"]["compounds"]
    new = CompoundReading(stored).runs
    old_root = tmp_path / "old"
    shutil.copytree(corpus_index, old_root)
    for manifest in old_root.rglob("manifest.json"):
        data = json.loads(manifest.read_text())
        del data["vocabulary"]["compounds"]
        manifest.write_text(json.dumps(data))
    old = load_index(old_root)
    assert "compounds" not in old.manifest["vocabulary"]
    assert CompoundReading(old).runs == new and ("side", "effect") in new


def test_a_damaged_compounds_entry_is_refused_with_a_rebuild_message(stored):
    from index.errors import IndexCorruptError
    from index.store import check_manifest

    manifest = json.loads(json.dumps(stored.manifest))
    manifest["vocabulary"]["compounds"] = ["side effects", 5]
    with pytest.raises(IndexCorruptError, match="compounds.*Rebuild with"):
        check_manifest(manifest, "test index")


def test_a_sentence_with_the_head_alone_does_not_hold_the_compound(bot):
    """Candidates' terms as a question's compound reads them: the head alone ("effects") is dropped, the compound
    and a paraphrase ("infusion reactions") hold both words, the modifier alone keeps its own."""
    from bot.extractive.units import Unit

    reading = bot.composer.compounds
    lexical = bot.stored.lexical
    [compound] = reading.in_question("What are the side effects of IVIG in ITP?")
    assert compound.terms == ("side", "effect")

    def read(text: str) -> frozenset:
        unit = Unit("d", 0, len(text), text, frozenset(lexical.terms(text)))
        return reading.read(unit, [compound], "A title").terms

    assert "effect" not in read(f"{TRANSIENT}, lasting days to weeks.")
    assert {"side", "effect"} <= read("IVIG has common side effects and rare but serious risks.")
    assert {"side", "effect"} <= read("Corticosteroids also reduce infusion reactions.")
    assert reading.in_question("How do the effects of IVIG last?") == []


def test_a_compound_whose_head_alone_means_it_is_read_as_two_words(bot):
    """"covid" alone means "long covid" by the model (the long-COVID page says "COVID" for it): no compound."""
    assert ("long", "covid") in bot.composer.compounds.runs
    assert bot.composer.compounds.in_question("Is IVIG approved for long COVID?") == []


def _opening(answer) -> str:
    return answer.sentences[0].text if answer.sentences else ""


def test_side_effects_in_itp_open_with_a_side_effect_not_with_how_long_it_works(bot):
    """"What are the side effects of IVIG in ITP?" opened with "The effects of IVIG are typically transient, lasting
    days to weeks", about how long the treatment works. The ITP page's only word on them is "infusion reactions ...
    aseptic meningitis, a rare but serious IVIG complication" (seventh passage); it opens, and IVIG's side effects
    from the other pages follow. No sentence quoted speaks of "effects" in another sense."""
    answer = bot.ask("What are the side effects of IVIG in ITP?")
    assert not answer.abstained
    assert "aseptic meningitis" in _opening(answer)
    assert answer.citations[0].doc_id == "ivig-immune-thrombocytopenia"
    assert all(any(w in s.text.lower() for w in SIDE_EFFECT_WORDS) for s in answer.sentences)
    assert not any(TRANSIENT in s.text for s in answer.sentences)


def test_a_follow_up_about_side_effects_after_itp_is_answered_with_side_effects(bot):
    """"what are the side effects?" after "How does IVIG work in ITP?" asks about "(about ITP)": it was declined as
    "they don't discuss ITP" (the side-effect passages never name ITP) and, once read in the ITP page, answered with
    "The effects of IVIG are typically transient". A subject the documents only list is still declined after the
    same kind of follow-up."""
    answer = bot.ask("what are the side effects?", ["How does IVIG work in ITP?"])
    assert answer.query.endswith("(about ITP)")
    assert not answer.abstained and answer.citations, answer.abstain_reason
    assert "aseptic meningitis" in _opening(answer)
    assert all(any(w in s.text.lower() for w in SIDE_EFFECT_WORDS) for s in answer.sentences)
    listed = bot.ask("and how is it treated?", ["What is kidney failure?"])
    assert listed.abstained and "kidney failure" in listed.abstain_reason.lower()


def test_the_plain_side_effects_question_opens_with_the_side_effects_not_one_kind_of_reaction(bot):
    """A bare "reaction(s)" read as "side effects" made "Symptoms of an allergic reaction include: • Itchy skin…" open
    "What are the side effects of IVIG?": the signs of one side effect, not the side effects. Only "infusion reactions"
    (the ITP page's word for them) and the "adverse …" forms say the compound otherwise."""
    answer = bot.ask("What are the side effects of IVIG?")
    assert not answer.abstained
    assert "side effects" in _opening(answer).lower()
    assert "allergic reaction" not in _opening(answer).lower()


def test_a_word_that_only_shares_a_stem_with_a_paraphrase_does_not_say_side_effects(bot):
    """"risks" read as "side effects" let "with real cost and risk" and the "What we don't know" list ("Whether the
    risks are justified") open "what are the side effects?" after a long-COVID question; "risks including …" still
    says them ("genuine risks including blood clots, kidney strain, and severe headaches")."""
    answer = bot.ask("what are the side effects?", ["Does IVIG help long COVID?"])
    assert not answer.abstained
    assert "side-effect" in _opening(answer) or "side effect" in _opening(answer)
    careful = bot.ask("what side effects does IVIG have that make doctors careful for long COVID?")
    assert "blood clots" in _opening(careful)
