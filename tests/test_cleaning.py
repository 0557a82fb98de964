"""Cleaning the captured web pages of corpus/: furniture out, content in, markers stripped, metadata found."""
from __future__ import annotations

import pytest

from helpers import CORPUS
from index.cleaning import clean_text

ALL_IDS = ["ivig-antiphospholipid-syndrome", "ivig-autoimmune-disease", "ivig-immune-thrombocytopenia",
           "ivig-long-covid", "ivig-myasthenia-gravis"]

# Furniture seen in the raw captures (each string is checked to be in the raw file first).
FURNITURE = [
    ("ivig-immune-thrombocytopenia", "Have a follow-up question?"),
    ("ivig-antiphospholipid-syndrome", "Have a follow-up question?"),
    ("ivig-myasthenia-gravis", "Subscriber Photo"),
    ("ivig-myasthenia-gravis", "Sign up Log in"),
    ("ivig-myasthenia-gravis", "5,113 members"),
    ("ivig-immune-thrombocytopenia", "Help us tailor your experience"),
    ("ivig-antiphospholipid-syndrome", "Article Review Status"),
    ("ivig-immune-thrombocytopenia", "Our Medical A.I."),
    ("ivig-myasthenia-gravis", "A MGteam Member"),
    ("ivig-myasthenia-gravis", "read more"),
    ("ivig-myasthenia-gravis", "Learn more about her here"),
    ("ivig-immune-thrombocytopenia", "Medical Advisory Board"),
    ("ivig-immune-thrombocytopenia", "View editorial policy"),
    ("ivig-immune-thrombocytopenia", "Which best describes you?"),
    ("ivig-immune-thrombocytopenia", "Professional Medical Disclaimer"),
    ("ivig-myasthenia-gravis", "Connect with others who understand"),
    ("ivig-myasthenia-gravis", "Share your story in the comments below"),
    ("ivig-myasthenia-gravis", "reCAPTCHA"),
    ("ivig-myasthenia-gravis", "Privacy Policy"),
    ("ivig-myasthenia-gravis", "Thank you for subscribing"),
    ("ivig-myasthenia-gravis", "Become a member"),
    ("ivig-myasthenia-gravis", "the social network for people living with myasthenia gravis"),
    # the body of the comment teaser, a patient's anecdote, is not document content
    ("ivig-myasthenia-gravis", "I got terribly sick"),
    ("ivig-long-covid", "Text Theme"),
    ("ivig-long-covid", "very lowexperimentaltrial arm pending"),
    ("ivig-long-covid", "Treatment · Autonomic"),
    ("ivig-long-covid", "Associated topics"),
    # everything from the closing References heading on
    ("ivig-immune-thrombocytopenia", "Praxis Medical Insights"),
    ("ivig-long-covid", "RECOVER-AUTONOMIC trial design"),
]

CONTENT = [
    ("ivig-immune-thrombocytopenia", "IVIG works primarily by blocking Fc receptors"),
    ("ivig-immune-thrombocytopenia",
     "The dominant mechanism is Fc receptor blockade on splenic and hepatic macrophages."),
    ("ivig-immune-thrombocytopenia", "with over 80% of patients responding within 2-4 days"),
    ("ivig-myasthenia-gravis", "wait at least six weeks"),
    ("ivig-myasthenia-gravis", "One study across 10 countries"),
    ("ivig-myasthenia-gravis", "about 80 percent of people experienced mild to moderate side effects"),
    ("ivig-myasthenia-gravis", "• Headaches"),
    ("ivig-myasthenia-gravis", "• Blood clots"),
    ("ivig-myasthenia-gravis", "Read on to find out how IVIG works"),
    ("ivig-antiphospholipid-syndrome",
     "• The typical dosing regimen is 0.4 g/kg/day for 2 days, then 1.5 g/kg/day for 1 day"),
    ("ivig-antiphospholipid-syndrome", "(mean 89.2 months) of 5 high-risk primary APS patients"),
    ("ivig-antiphospholipid-syndrome", "followed by single monthly infusions for 9 months"),
    ("ivig-antiphospholipid-syndrome", "1.5 g/kg administered over 2 weeks for 2 months, then monthly for 4 months"),
    ("ivig-long-covid", "There is no approved treatment for long COVID."),
    ("ivig-autoimmune-disease", "IVIG is derived from pooled plasma obtained from thousands of healthy donors."),
]


def raw(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id,phrase", FURNITURE)
def test_furniture_removed(corpus_docs, doc_id, phrase):
    assert phrase.lower() in raw(doc_id).replace("\u00a0", " ").lower(), "the phrase must be in the capture"
    assert phrase.lower() not in corpus_docs[doc_id].text.lower()


@pytest.mark.parametrize("doc_id,phrase", CONTENT)
def test_content_kept(corpus_docs, doc_id, phrase):
    assert phrase in corpus_docs[doc_id].text


def test_widget_lines_gone_but_words_in_content_kept(corpus_docs):
    itp = corpus_docs["ivig-immune-thrombocytopenia"].text
    lines = {line.strip() for line in itp.splitlines()}
    assert not lines & {"Submitted", "Under Review", "Approved", "Personalize", "Guideline", "Research"}
    # the long COVID masthead is the publisher named in sources.yaml: gone
    assert "Long COVID Atlas" not in corpus_docs["ivig-long-covid"].text.replace("\u00a0", " ")


def test_word_broken_across_blank_line_is_mended(corpus_docs):
    text = raw("ivig-autoimmune-disease")
    assert "Additionally, I\n\nVIG has been shown" in text
    cleaned = corpus_docs["ivig-autoimmune-disease"].text
    assert "Additionally, IVIG has been shown to block Fc receptors" in cleaned
    assert "VIG has been shown" not in cleaned.replace("IVIG has been shown", "")


def test_repeated_title_kept_once(corpus_docs):
    # the capture repeats the title at the start of its first paragraph
    assert raw("ivig-autoimmune-disease").count("How does ivig work for autoimmune disease") == 2
    cleaned = corpus_docs["ivig-autoimmune-disease"].text
    assert cleaned.count("How does ivig work for autoimmune disease") == 1
    assert "\n\nImmunoglobulin therapy, commonly known as IVIG" in cleaned


@pytest.mark.parametrize("doc_id,marked,clean", [
    ("ivig-immune-thrombocytopenia", "rise rapidly within 24 hours. 1", "rise rapidly within 24 hours."),
    ("ivig-immune-thrombocytopenia", "splenic and hepatic macrophages 1, 2.", "splenic and hepatic macrophages."),
    ("ivig-immune-thrombocytopenia", "for 5 days regimen 4, 6.", "for 5 days regimen."),
    ("ivig-antiphospholipid-syndrome", "though protocols vary 3", "though protocols vary\n"),
    ("ivig-antiphospholipid-syndrome", "(INR 2.0-3.0) 1, 4, 5", "(INR 2.0-3.0)\n"),
    ("ivig-long-covid", "RECOVER-AUTONOMIC trial.1 Reviews", "RECOVER-AUTONOMIC trial. Reviews"),
])
def test_reference_markers_stripped(corpus_docs, doc_id, marked, clean):
    assert marked in raw(doc_id)
    text = corpus_docs[doc_id].text + "\n"
    assert marked not in text
    assert clean in text


def test_quantities_are_not_mistaken_for_markers(corpus_docs):
    itp = corpus_docs["ivig-immune-thrombocytopenia"].text
    assert "the traditional 0.4 g/kg/day for 5 days regimen." in itp
    assert "The standard 1 g/kg dose" in itp
    aps = corpus_docs["ivig-antiphospholipid-syndrome"].text
    assert "monthly IVIG (0.4 g/kg/day) for 2 years" in aps
    assert "(12-24 months minimum)" in aps


def test_clean_text_on_snippets():
    cleaned = clean_text("Dosing in adults\n\nThe dose is 2 g/kg. 1\nIt was given over 5 days 2, 3.\n"
                         "Patients aged 12\nThe trial ended.2 Results followed.\nSee table 3")
    assert cleaned.text.split("\n\n") == [
        "Dosing in adults", "The dose is 2 g/kg.", "It was given over 5 days.", "Patients aged 12",
        "The trial ended. Results followed.", "See table 3"]


def test_titles_and_dates_found_in_the_text():
    itp = clean_text(raw("ivig-immune-thrombocytopenia"))
    assert itp.title == "How does intravenous immunoglobulin (IVIG) work in immune thrombocytopenia (ITP)?"
    assert itp.meta["date"] == "February 13, 2026"
    mg = clean_text(raw("ivig-myasthenia-gravis"))
    assert mg.title == "IVIG for Myasthenia Gravis: How It Works, Benefits, Side Effects, and More"
    assert mg.meta["date"] == "February 27, 2025"
    assert mg.meta["reviewer"] == "Madison Ragoonanan, Pharm.D."
    assert "Medically reviewed by" not in mg.text and "Posted on" not in mg.text
    aps = clean_text(raw("ivig-antiphospholipid-syndrome"))
    assert aps.meta["date"] == "January 7, 2026"


def test_sidecar_metadata_reaches_documents(corpus_docs):
    import yaml

    sidecar = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
    assert sorted(corpus_docs) == ALL_IDS == sorted(sidecar)
    for doc_id, meta in sidecar.items():
        doc = corpus_docs[doc_id]
        assert doc.title == meta["title"]
        assert doc.source == f"{doc_id}.txt"
        for key in ("publisher", "date", "audience"):
            if key in meta:
                assert doc.meta[key] == str(meta[key]), (doc_id, key)
        assert "title" not in doc.meta
    assert corpus_docs["ivig-myasthenia-gravis"].meta["publisher"].startswith("MGteam")
    assert corpus_docs["ivig-immune-thrombocytopenia"].meta["date"] == "2026-02-13"
    # found in the text where the sidecar says nothing
    assert corpus_docs["ivig-myasthenia-gravis"].meta["reviewer"] == "Madison Ragoonanan, Pharm.D."


def test_cleaned_text_is_tidy(corpus_docs):
    for doc in corpus_docs.values():
        assert doc.text == doc.text.strip()
        assert "\n\n\n" not in doc.text
        assert "\u00a0" not in doc.text and "\r" not in doc.text
        assert not any(line.startswith(" ") for line in doc.text.splitlines())


def test_content_sentence_mentioning_a_publication_date_is_kept():
    cleaned = clean_text("IVIG trial news\n\n"
                         "The first trial results were published March 3, 2024 in a major journal.\n\n"
                         "Patients improved within two weeks of starting treatment.")
    assert "The first trial results were published March 3, 2024 in a major journal." in cleaned.text
