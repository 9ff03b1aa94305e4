"""Writes the form exports in this folder, one per service and language, as each service lays
them out (Microsoft Forms: an .xlsx with ID, start and completion time, its own Email and Name,
last modified time, then one column per question; Google Forms: a CSV whose first column is the
localized timestamp in the form owner's locale, then the collected email address and the
questions; Nettskjema: a CSV with $submission_id and $created, ISO 8601, then the questions).

The same four answers in each: Åsa (a member) registers with a diet; Kari, from a library new to
the network; Jan de Vries, online; then Åsa again, later, with a new diet and a question. Each has
one question samling does not know (dinner), which must be reported. Run it to write them again:
    python tests/forms/make_forms.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent


class Answer(NamedTuple):
    completed: dt.datetime
    name: str  # as the person typed it in a name question
    first: str
    infix: str
    last: str
    email: str
    organization: str
    online: bool
    diet: str
    question: str
    dinner: str


ANSWERS = [
    Answer(dt.datetime(2026, 1, 20, 10, 15, 22), "Öberg, Åsa", "Åsa", "", "Öberg", "asa@example.se", "Växjö kommun",
     False, "vegetarian", "", "yes"),
    Answer(dt.datetime(2026, 1, 21, 9, 5, 0), "Kari Nordmann", "Kari", "", "Nordmann", "kari@example.no",
     "Hamar bibliotek", False, "", "", "no"),
    Answer(dt.datetime(2026, 1, 22, 14, 30, 10), "Jan de Vries", "Jan", "de", "Vries", "jan@example.nl",
     "Bibliotheek Utrecht", True, "", "", "no"),
    Answer(dt.datetime(2026, 1, 25, 8, 0, 0), "Öberg, Åsa", "Åsa", "", "Öberg", "asa@example.se", "Växjö kommun",
     False, "vegan", "How do other libraries handle interlibrary loans?", "yes"),
]  # fmt: skip

# the form's questions in each language: name, email, organization, participation, diet, question, dinner
QUESTIONS = {
    "sv": ["Namn", "E-postadress", "Organisation", "Deltagande", "Kostönskemål", "Frågor till mötet",
           "Middag på kvällen?"],
    "nb": ["Navn", "E-post", "Bibliotek", "Deltakelse", "Kosthold", "Spørsmål til møtet", "Middag?"],
    "da": ["Navn", "Mailadresse", "Arbejdssted", "Deltagelse", "Særlige kostbehov", "Spørgsmål til mødet", "Middag?"],
    "nl": ["Naam", "E-mailadres", "Organisatie", "Deelname", "Dieetwensen", "Vragen voor de bijeenkomst", "Diner?"],
    "en": ["Name", "Email", "Organization", "How will you attend?", "Dietary requirements",
           "Questions for the meeting", "Dinner?"],
}  # fmt: skip
ONLINE = {  # (on site, online)
    "sv": ("På plats", "Digitalt via Teams"),
    "nb": ("Fysisk oppmøte", "Zoom, annonsert senere"),
    "da": ("Fysisk fremmøde", "Online via Teams"),
    "nl": ("Op locatie", "Online (Teams)"),
    "en": ("In person", "Online (Zoom, link announced later)"),
}
YES_NO = {"sv": ("Ja", "Nej"), "nb": ("Ja", "Nei"), "da": ("Ja", "Nej"), "nl": ("Ja", "Nee"), "en": ("Yes", "No")}

MICROSOFT = {  # ID, start, completion, email, name, last modified
    "sv": ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Senast ändrad"],
    "nb": ["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-post", "Navn", "Tidspunkt for siste endring"],
    "da": ["ID", "Starttidspunkt", "Sluttidspunkt", "Mail", "Navn", "Tidspunkt for seneste ændring"],
    "nl": ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"],
    "en": ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
}
GOOGLE = {  # the timestamp column, the collected email address, how the owner's locale writes the time
    "sv": ("Tidstämpel", "E-postadress", "%Y-%m-%d %H:%M:%S"),
    "nb": ("Tidsstempel", "E-postadresse", "%d.%m.%Y %H:%M:%S"),
    "da": ("Tidsstempel", "Mailadresse", "%d.%m.%Y %H.%M.%S"),
    "nl": ("Tijdstempel", "E-mailadres", "{day}-{month}-%Y %H:%M:%S"),
    "en": ("Timestamp", "Email Address", "{month}/{day}/%Y {hour}:%M:%S"),  # en-US: month first, no leading zeros
}


def _answers(language: str, row: Answer) -> list[str]:
    yes, no = YES_NO[language]
    return [
        row.name if language != "en" else " ".join(p for p in (row.first, row.infix, row.last) if p),
        row.email,
        row.organization,
        ONLINE[language][1 if row.online else 0],
        row.diet,
        row.question,
        yes if row.dinner == "yes" else no,
    ]


def _questions(language: str) -> list[str]:
    return QUESTIONS[language]


def _stamp(moment: dt.datetime, fmt: str) -> str:
    fmt = fmt.replace("{day}", str(moment.day)).replace("{month}", str(moment.month))
    return moment.strftime(fmt.replace("{hour}", str(moment.hour)))


def google(language: str) -> bytes:
    stamp_header, email_header, fmt = GOOGLE[language]
    questions = [q for q in _questions(language) if q != _questions(language)[1]]  # the email is collected
    header = [stamp_header, email_header, *questions]
    rows = []
    for row in ANSWERS:
        answers = _answers(language, row)
        if language == "nl":  # Dutch forms ask first name, tussenvoegsel and last name apart
            rows.append([_stamp(row.completed, fmt), answers[1], row.first, row.infix, row.last, *answers[2:]])
        else:
            rows.append([_stamp(row.completed, fmt), answers[1], answers[0], *answers[2:]])
    if language == "nl":
        header = [stamp_header, email_header, "Voornaam", "Tussenvoegsel", "Achternaam", *questions[1:]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def nettskjema(language: str) -> bytes:
    header = ["$submission_id", "$created", *_questions(language)]
    rows = [
        [str(31000 + n), row.completed.isoformat(), *_answers(language, row)] for n, row in enumerate(ANSWERS, start=1)
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def microsoft(language: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    questions = _questions(language)
    # the form's own questions, named unlike the fixed columns: "Fullt navn", "Din e-post"
    questions = [f"{questions[0]} (fullt)", f"{questions[1]} (svar)", *questions[2:]]
    sheet.append([*MICROSOFT[language], *questions])
    for n, row in enumerate(ANSWERS, start=1):
        completed = row.completed
        answers = _answers(language, row)
        sheet.append([n, completed - dt.timedelta(minutes=3), completed, "anonymous", None, completed, *answers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    for language in QUESTIONS:
        (HERE / f"google-{language}.csv").write_bytes(google(language))
        (HERE / f"nettskjema-{language}.csv").write_bytes(nettskjema(language))
        (HERE / f"microsoft-{language}.xlsx").write_bytes(microsoft(language))


if __name__ == "__main__":
    main()
