"""ui/redact.py: what identifies a person goes before feedback is stored; what staff need stays."""
from __future__ import annotations

import pytest

from ui.redact import DATE, EMAIL, NAME, NUMBER, PHONE, URL, redact

REDACTED = [
    # (text, what must be gone, the tag that takes its place)
    ("I'm Jane Doe, born 3/4/1950, and I have ITP", "Jane Doe", NAME),
    ("I'm Jane Doe, born 3/4/1950, and I have ITP", "3/4/1950", DATE),
    ("my name is jane doe and I have CIDP", "jane doe", NAME),
    ("My name is Priya. Does IVIG help?", "Priya", NAME),
    ("Hi, this is Tom Baker, my son has Kawasaki disease", "Tom Baker", NAME),
    ("call me Sam", "Sam", NAME),
    ("It's Bob here, how fast does it work?", "Bob", NAME),
    ("Dr Smith said I need IVIG", "Smith", NAME),
    ("Mrs. O'Neill gave me the infusion", "O'Neill", NAME),
    ("I am Mary McDonald-Smith", "McDonald-Smith", NAME),
    ("write to jane.doe+ivig@example.co.uk please", "jane.doe+ivig@example.co.uk", EMAIL),
    ("see https://example.org/patients/123?id=9 for my chart", "https://example.org/patients/123?id=9", URL),
    ("my page is www.example.com/jane", "www.example.com/jane", URL),
    ("call me on 07911 123456", "07911 123456", PHONE),
    ("my number is +44 20 7946 0958", "+44 20 7946 0958", PHONE),
    ("ring (212) 736-5000 after six", "(212) 736-5000", PHONE),
    ("reach me at 415-555-2671", "415-555-2671", PHONE),
    ("my MRN is 12345678", "12345678", NUMBER),
    ("hospital number 00123-4567", "00123-4567", NUMBER),
    ("NHS number 943 476 5919", "943 476 5919", None),
    ("infusion on 1950-04-03", "1950-04-03", DATE),
    ("since 03.04.2024 I get headaches", "03.04.2024", DATE),
    ("my infusion is on 12 March 2025", "12 March 2025", DATE),
    ("first dose on the 3rd of April", "3rd of April", DATE),
    ("diagnosed on April 3rd, 2021", "April 3rd, 2021", DATE),
    ("diagnosed in September 2019", "September 2019", DATE),
    ("I was born in 1950", "1950", DATE),
]

KEPT = [
    "What is the usual dose, 2 g/kg over 2 to 5 days?",
    "Is 400 mg/kg/day for 5 days the same as 2 g/kg?",
    "My IgG level is 7.5 g/L, is that low?",
    "I had a headache on day 5 after the infusion",
    "platelets went from 15,000 to 150,000",
    "I'm worried about kidney damage",
    "I'm ITP positive and on IVIG",
    "I am on Privigen every 4 weeks",
    "this is my third infusion",
    "Can I take 3/4 of the dose?",
    "the 2019 guideline says 1 g/kg",
    "May I drive after the infusion?",
    "does IVIG help in long COVID-19?",
    "Is 10% IVIG different from 5%?",
    "How many mg are in 1000 mL?",
    "my doctor says IVIG every 21 days",
    "What does the Fc receptor do in ITP?",
]


@pytest.mark.parametrize(("text", "gone", "tag"), REDACTED)
def test_identifiers_are_replaced(text, gone, tag):
    cleaned = redact(text)
    assert gone not in cleaned
    if tag:
        assert tag in cleaned


@pytest.mark.parametrize("text", KEPT)
def test_clinical_text_is_kept(text):
    assert redact(text) == text


def test_everything_in_one_message_and_the_rest_of_it_kept():
    text = ("Hello, I'm Jane Doe (jane@example.com, 07911 123456), born 3/4/1950. "
            "My IgG is 4.5 g/L and I get 2 g/kg every 4 weeks. Is that right?")
    cleaned = redact(text)
    for gone in ("Jane", "Doe", "jane@example.com", "07911", "1950"):
        assert gone not in cleaned
    assert cleaned.endswith("My IgG is 4.5 g/L and I get 2 g/kg every 4 weeks. Is that right?")
    assert cleaned.startswith(f"Hello, I'm {NAME} ({EMAIL}, {PHONE}), born {DATE}.")


def test_a_name_cue_stops_at_ordinary_words():
    assert redact("my name is Ann and I have MMN") == f"my name is {NAME} and I have MMN"
    assert redact("my name is") == "my name is"


def test_phone_regions_come_from_the_setting(monkeypatch):
    assert redact("ring 0161 496 0000") == f"ring {PHONE}"          # a UK number, known by default
    monkeypatch.setenv("IVIG_PHONE_REGIONS", "US")
    assert redact("ring 0161 496 0000") == f"ring {NUMBER}"         # not a US number: still a long digit run
    assert redact("ring +44 161 496 0000") == f"ring {PHONE}"       # a +country code needs no region
