"""A term the corpus writes almost only in one document names that document's subject, and a question writing it
finds that document first (bot/subject_terms.py, the retriever's `subject`)."""
from __future__ import annotations

from types import SimpleNamespace

from bot.retrieval import ranked_documents
from bot.subject_terms import SubjectTerms, owned_terms
from index.lexical import TermStats


def _stored(texts: dict[str, str]):
    documents = {doc_id: SimpleNamespace(id=doc_id, title=doc_id, text=text) for doc_id, text in texts.items()}
    return SimpleNamespace(documents=documents, lexical=TermStats(0, {}))


def test_a_term_one_document_writes_almost_alone_is_its_own():
    stored = _stored({
        "aps": "APS needs anticoagulation. In APS the dose is monthly. APS in pregnancy. The infusion is slow.",
        "mg": "MG flares respond fast. The infusion is slow. The infusion may cause headache. MG is rare.",
        "lc": "Long COVID has no approved treatment. The infusion is costly. Headache is common.",
    })
    owner = owned_terms(stored)
    assert owner[stored.lexical.stem("APS")] == "aps"       # stemmed as the index stems it
    assert owner["mg"] == "mg"
    assert stored.lexical.stem("infusion") not in owner          # written by every document: no one's subject
    assert stored.lexical.stem("headache") not in owner        # two documents share it
    assert stored.lexical.stem("covid") not in owner          # written once: too few to tell
    subjects = SubjectTerms(stored)
    assert subjects.documents("How often is IVIG given for MG?") == {"mg": 1.0}
    assert subjects.documents("Is the infusion slow?") == {}


def test_an_everyday_word_names_no_document():
    """A MedQuAD page that cites an online database owned "online"; "I have been reading about it online" in a
    patient's story named that page (MedQuAD heldout/reworded hit@1 0.9792 -> 0.9688)."""
    stored = _stored({
        "brown": "Brown syndrome. See the online database. The online catalog. Online help. Brown syndrome surgery.",
        "aicardi": "Aicardi syndrome is diagnosed by its features. Aicardi syndrome seizures. Aicardi syndrome eyes.",
    })
    assert owned_terms(stored)[stored.lexical.stem("online")] == "brown"
    subjects = SubjectTerms(stored)
    assert subjects.documents("I read about it online. How is Aicardi syndrome diagnosed?") == {"aicardi": 1.0}


def test_one_document_owns_nothing():
    assert owned_terms(_stored({"only": "APS APS APS APS"})) == {}


def test_a_named_condition_weighs_its_document(bot):
    """The myasthenia page's passage on how the infusion is given comes closest to "how often ... given ... how
    long" on its words; the question names APS, and only the APS page says how often (monthly, 12-24 months)."""
    question = "How often is IVIG given for APS, and for how long?"
    plain = ranked_documents(bot.retriever.search(question, k=20))
    weighed = ranked_documents(bot.retriever.search(question, k=20, subject=question))
    assert plain[0] != "ivig-antiphospholipid-syndrome"
    assert weighed[0] == "ivig-antiphospholipid-syndrome"
    assert bot.ask(question).retrieved[0] == "ivig-antiphospholipid-syndrome"
    # a question naming no one document's subject is searched as before
    general = "Do most people handle IVIG well?"
    assert bot.retriever.search(general, k=20, subject=general) == bot.retriever.search(general, k=20)
