"""Other names for the documents' terms, set by a maintainer in the corpus's aliases.yaml (index/aliases.py): read
and checked at build time (a bad part reported and left out, never fatal), stored in the manifest, noticed by an
incremental build, and read by the bot as the term they stand for (bot/alias_terms.py, bot/vocabulary.py)."""
from __future__ import annotations

import json

import pytest

from helpers import assert_declined, run_cli
from index import build_index, load_corpus, load_index
from index.aliases import FILE, readings
from index.freshness import corpus_changes, stale_reason
from index.store import live_build

QUIET = {"progress": False}
DOCS = {
    "alpha.txt": "How IVIG is given\n\nIVIG is given as an infusion into a vein in a hospital clinic.\n",
    "beta.txt": "Side effects of IVIG\n\nHeadache is the most common side effect of intravenous immunoglobulin.\n",
}


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text)
    return root


def _load(corpus, text):
    (corpus / FILE).write_text(text)
    loaded = load_corpus(corpus)
    return loaded.aliases, _reasons(loaded)


def _reasons(loaded) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for s in loaded.skipped:
        found.setdefault(s.source, []).append(s.reason)
    return found


# ---------------------------------------------------------------- reading the file

def test_a_good_file_maps_each_term_to_its_names(corpus):
    aliases, skipped = _load(corpus, "IVIG: [Zorbagam, Quelvia-C]\nintravenous immunoglobulin: [Tarnomune]\n")
    assert aliases == {"IVIG": ["Zorbagam", "Quelvia-C"], "intravenous immunoglobulin": ["Tarnomune"]}
    assert not skipped
    assert sorted(d.id for d in load_corpus(corpus).documents) == ["alpha", "beta"]     # not read as a document


def test_no_file_means_no_aliases_and_no_problem(corpus):
    loaded = load_corpus(corpus)
    assert loaded.aliases == {} and not loaded.skipped


@pytest.mark.parametrize("text,reason", [
    ("IVIG: [Zorbagam\n", "not valid YAML"),
    ("- Zorbagam\n- Quelvia\n", "must map each term the documents write to a list of other names"),
], ids=["not YAML", "a list"])
def test_an_unusable_file_is_reported_and_the_documents_still_load(corpus, text, reason):
    aliases, skipped = _load(corpus, text)
    assert aliases == {}
    [problem] = skipped[FILE]
    assert reason in problem and "no aliases were taken from it" in problem
    assert len(load_corpus(corpus).documents) == 2


def test_each_bad_part_is_reported_and_left_out_and_the_rest_kept(corpus):
    aliases, skipped = _load(corpus, "\n".join([
        "IVIG: [Zorbagam, Quelvia Liquid, 42, infusion, Zorbagam]",      # two words, a number, a word they write
        "plasmapheresis: [Filtrava]",                                      # a term the documents never write
        "headache: Throbbex",                                              # not a list
        "side effect: []",                                                 # no names
    ]) + "\n")
    assert aliases == {"IVIG": ["Zorbagam"]}
    problems = skipped[FILE]
    assert any("name 'Quelvia Liquid' under 'IVIG' ignored: a name is one word" in p for p in problems)
    assert any("name 42 under 'IVIG' ignored" in p for p in problems)
    assert any("'infusion'" in p and "the documents write it themselves" in p for p in problems)
    assert any("entry 'plasmapheresis' ignored: the documents never write 'plasmapheresis'" in p for p in problems)
    assert any("entry 'headache' ignored: not a list of names" in p for p in problems)
    assert any("entry 'side effect' ignored: no names" in p for p in problems)
    assert len(problems) == 6, problems


def test_a_folder_in_its_place_is_reported(corpus):
    (corpus / FILE).mkdir()
    loaded = load_corpus(corpus)
    assert loaded.aliases == {} and _reasons(loaded) == {FILE: ["a folder, not a file; no aliases were taken from it"]}


# ---------------------------------------------------------------- the build stores it, and notices a change

def _manifest(root) -> dict:
    return json.loads((live_build(root) / "manifest.json").read_text())


def test_the_build_stores_the_aliases_and_an_incremental_build_notices_a_change(tiny, embedder):
    corpus, root = tiny
    assert "aliases" not in _manifest(root) or _manifest(root)["aliases"] == {}
    (corpus / FILE).write_text("IVIG: [Zorbagam]\n")
    assert stale_reason(corpus, root) == "the corpus changed since the index was built"
    assert corpus_changes(corpus, _manifest(root))["aliases"] == ["zorbagam"]
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert not report.up_to_date and report.aliases_changed and report.encoded == 0     # nothing re-embedded
    assert _manifest(root)["aliases"] == {"IVIG": ["Zorbagam"]}
    assert build_index(corpus, root, embedder=embedder, **QUIET).up_to_date
    assert stale_reason(corpus, root) == ""

    (corpus / FILE).write_text("IVIG: [Zorbagam, Quelvia]\n")
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert not report.up_to_date and report.aliases_changed
    assert readings(_manifest(root)) == {"zorbagam": ("IVIG",), "quelvia": ("IVIG",)}

    (corpus / FILE).unlink()
    assert not build_index(corpus, root, embedder=embedder, **QUIET).up_to_date
    assert _manifest(root)["aliases"] == {}


def test_the_build_report_names_the_aliases_and_their_problems(tiny):
    corpus, root = tiny
    (corpus / FILE).write_text("IVIG: [Zorbagam, Quelvia]\nplasmapheresis: [Filtrava]\n")
    result = run_cli("index", "build", "--corpus", corpus, "--index", root)
    assert result.returncode == 3, result.stdout + result.stderr          # built, with a part left out
    assert "aliases: 2 other names for IVIG (aliases.yaml, changed)" in result.stdout
    assert "skipped aliases.yaml: entry 'plasmapheresis' ignored" in result.stdout
    assert "aliases.yaml" in run_cli("index", "build", "--help").stdout


# ---------------------------------------------------------------- the bot reads them

def test_a_bot_reads_an_alias_from_its_index_and_an_index_without_any_still_loads(tiny, embedder):
    from bot import Bot

    corpus, root = tiny
    before = Bot(str(root), embedder=embedder)          # built before aliases.yaml existed: no entry, no crash
    assert before.ask("Does Zorbagam give you a headache?").abstained
    (corpus / FILE).write_text("IVIG: [Zorbagam]\n")
    build_index(corpus, root, embedder=embedder, **QUIET)
    answer = Bot(str(root), embedder=embedder).ask("Does Zorbagam give you a headache?")
    assert not answer.abstained, answer.abstain_reason
    assert any("headache" in s.text.lower() for s in answer.sentences)


@pytest.mark.parametrize("question", [
    "Is Privigen a safe thing to be given?",
    "My rheumatologist has booked me in for Octagam next month. What side effects should I expect from it?",
    "How is Panzyga put into the body?",
])
def test_a_brand_the_maintainer_lists_is_asked_as_ivig(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert "IVIG" in answer.query
    assert any("ivig" in s.text.lower() for s in answer.sentences), [s.text for s in answer.sentences]


def test_an_alias_never_makes_an_uncovered_subject_answerable(bot):
    answer = bot.ask("Can Kiovig cure my diabetes?")
    assert_declined(answer, "diabetes")
    assert "Kiovig" not in answer.abstain_reason        # declined for what the documents lack, not for the brand


def test_a_brand_nobody_listed_is_still_declined(bot):
    assert_declined(bot.ask("Is Xyzzamab safe?"), "Xyzzamab")


@pytest.mark.parametrize("question", ["Is Panzyga better than Bivigam?",
                                      "What is the difference between Flebogamma and Gammaplex?"])
def test_two_aliases_of_one_term_compared_are_declined(bot, question):
    """The documents write only IVIG, so they cannot tell two of its brands apart."""
    assert_declined(bot.ask(question), "apart")


def test_an_alias_set_against_its_own_term_is_declined_naming_both(bot):
    assert_declined(bot.ask("Is Asceniv any different from ordinary IVIG?"), "they don't tell Asceniv and IVIG apart")


def test_two_aliases_not_compared_are_read_as_their_term(bot):
    answer = bot.ask("Can I have Gammaplex or Bivigam if I have ITP?")
    assert not answer.abstained, answer.abstain_reason


# ---------------------------------------------------------------- an everyday word is no alias

def test_a_name_that_is_an_everyday_word_is_refused_saying_why(corpus):
    aliases, skipped = _load(corpus, "IVIG: [Zorbagam, Ensure, Promise]\n")
    assert aliases == {"IVIG": ["Zorbagam"]}
    problems = skipped[FILE]
    assert len(problems) == 2, problems
    for name in ("Ensure", "Promise"):
        assert any(f"name '{name}' under 'IVIG' ignored: it is an everyday English word" in p for p in problems)


def test_the_everyday_line_is_the_bots():
    """The build refuses as everyday the words the bot reads as everyday (no subject of their own)."""
    from bot.message_subject import RARE_ZIPF
    from index.aliases import EVERYDAY_ZIPF, check

    assert EVERYDAY_ZIPF == RARE_ZIPF
    kept = {"IVIG": ["Octagam", "Tylenol"]}            # a brand rare in English stays ("Tylenol": Zipf 2.8)
    assert check(kept, lambda text: text == "IVIG") == (kept, [])


# ---------------------------------------------------------------- follow-ups and the answer check read aliases alike

@pytest.mark.parametrize("conversation,lacking", [
    (["Can IVIG cure my asthma?", "what about Gammagard?"], "asthma"),
    (["Will IVIG cure type 1 diabetes?", "and Intratect?"], "diabetes"),
    (["Will IVIG cure type 1 diabetes?", "how about IVIG?"], "diabetes"),
])
def test_a_fragment_naming_only_the_treatment_keeps_the_declined_subject(bot, conversation, lacking):
    """Read as IVIG, the brand is what the earlier question already asked about: the question is asked again."""
    *history, question = conversation
    answer = bot.ask(question, history)
    assert answer.query == history[-1]
    assert_declined(answer, lacking)
    assert not bot.answers(question, history)


def test_a_fragment_naming_only_the_treatment_after_a_covered_question_is_answered_as_it(bot):
    answer = bot.ask("what about Kiovig?", ["Is IVIG given for ITP?"])
    assert answer.query == "Is IVIG given for ITP?"
    assert "ivig-immune-thrombocytopenia" in {c.doc_id for c in answer.citations}


@pytest.mark.parametrize("history", [[], ["Is IVIG given for ITP?"]])
def test_the_answer_check_declines_two_aliases_compared_like_ask(bot, history):
    question = "Is Gammaked better than Panzyga?"
    assert_declined(bot.ask(question, history), "apart")
    assert not bot.answers(question, history)
