"""An abbreviation the documents spell out and the words it stands for are one name: "MG" and "myasthenia gravis".

The documents define their abbreviations in brackets ("Many treatments for myasthenia gravis (MG) ...",
`abbreviations.spelt_out`) and then write either form, in their sentences and in their titles and headings. A question
naming its subject by one form missed what the other form names: the MG page's title says "Myasthenia Gravis", so a
question asking by "MG" counted its sentences as naming the subject only where they restate "MG", and "If IVIG is part
of your MG treatment plan ... talk to your doctor" opened a question on an MG patient's one kidney above the page's
kidney monitoring. A candidate (or its heading or title) writing all the words of a spelt-out name holds its
abbreviation's term, and one writing the abbreviation holds the name's terms, for a question that asks by either
(`read`), as the ITP page's title "(ITP)" already gave its sentences. Not one the corpus's generic vocabulary holds
("IVIG", in every document): it names what all the sentences are about, and read as "immunoglobulin" it let every IVIG
sentence answer "Does IVIG contain IgA?".
Measured on the tune sets with the composer's other change of that commit (see its message): holdout4 openings
0.625 -> 0.65, openings_tune facts 0.6364 -> 0.6818; no set lost a fact or an opening.
"""
from __future__ import annotations

from dataclasses import replace

from ..abbreviations import spelt_out
from .units import Unit


def _name_words(abbreviation: str, spelt: str) -> list[str]:
    """The words of `spelt` the abbreviation stands for: as many last words as it has capitals when their initials
    are its letters (`spelt_out` may give a word more: "for myasthenia gravis" for "MG"), else all of them."""
    letters = [c.lower() for c in abbreviation.removesuffix("s") if c.isupper()]
    words = spelt.split()
    last = words[-len(letters):]
    return last if [w[0].lower() for w in last] == letters else words


class Acronyms:
    """The corpus's spelt-out abbreviations, as term sets: abbreviation term -> its name's terms."""

    def __init__(self, documents, lexical, function_terms: frozenset, generic: frozenset = frozenset()):
        """`generic`: the corpus's generic stems (`index.vocabulary.generic`), whose abbreviations are left out."""
        self.names: dict[str, frozenset] = {}
        for document in documents.values():
            for abbreviation, spelt in spelt_out(document.text).items():
                short = [t for t in lexical.terms(abbreviation) if t not in function_terms]
                long = frozenset(t for t in lexical.terms(" ".join(_name_words(abbreviation, spelt)))
                                 if t not in function_terms)
                if len(short) == 1 and long and short[0] not in long and short[0] not in generic:
                    self.names.setdefault(short[0], long)

    def asked(self, terms) -> dict[str, frozenset]:
        """The abbreviations `terms` (a question's) name by either form."""
        terms = set(terms)
        return {short: long for short, long in self.names.items() if short in terms or long <= terms}

    def read(self, unit: Unit, asked: dict[str, frozenset]) -> Unit:
        """`unit` with the other form's terms of each of `asked` it writes (its text's, and its heading's)."""
        terms, context = set(unit.terms), set(unit.context)
        for short, long in asked.items():
            for found in (terms, context):
                if short in found:
                    found |= long
                elif long <= found:
                    found.add(short)
        if terms == unit.terms and context == unit.context:
            return unit
        return replace(unit, terms=frozenset(terms), context=frozenset(context))
