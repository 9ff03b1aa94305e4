"""Rebuild examples/ through the CLI, deterministically (fixed SAMLING_NOW for every step).

    python scripts/build_examples.py

The networks are fictional; names, places and domains are invented (example.se/.dk/.no).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from samling.cli import app

ROOT = Path(__file__).resolve().parent.parent / "examples"


def run(folder: Path, now: str, *args: str) -> None:
    os.environ["SAMLING_NOW"] = now
    code = app(["--dir", str(folder), *args] if args[0] != "init" else list(args), standalone_mode=False)
    if code:
        sys.exit(f"failed ({code}): samling {' '.join(args)}")


def swedish() -> None:
    net = ROOT / "specialbibliotek"
    shutil.rmtree(net, ignore_errors=True)
    t0 = "2026-08-20T10:00:00"
    run(
        net,
        t0,
        "init",
        str(net),
        "--name",
        "Expertnätverket för specialbibliotek",
        "--language",
        "sv",
        "--organizer",
        "Annalena Crone <annalena.crone@example.se>",
    )
    text = (net / "samling.toml").read_text(encoding="utf-8").replace("fee = 0", "fee = 400")
    (net / "samling.toml").write_text(text, encoding="utf-8")
    run(
        net,
        t0,
        "venue",
        "add",
        "Bibliotekshuset Östermalm",
        "--id",
        "bibliotekshuset",
        "--address",
        "Lärkstigen 4, 114 33 Stockholm",
        "--city",
        "Stockholm",
        "--capacity",
        "40",
        "--directions",
        "Tunnelbana till Östermalmstorg, sedan fem minuters promenad.",
        "--accessibility",
        "Hiss och hörslinga i konferensrummet.",
    )
    run(
        net,
        t0,
        "venue",
        "add",
        "Myntverkets bibliotek",
        "--id",
        "myntverket",
        "--address",
        "Kopparvägen 12, 753 20 Uppsala",
        "--city",
        "Uppsala",
        "--capacity",
        "8",
        "--directions",
        "Buss 3 från Centralstationen till hållplats Kopparvägen.",
    )
    orgs = [
        ("Myntverkets bibliotek", ["--id", "myntverket"]),
        ("Skogsforskningsinstitutet", []),
        ("Sjöfartsverkets kartbibliotek", ["--id", "sjofartsverket"]),
        ("Länsarkivet i Gävle", []),
        ("Konstakademiens bibliotek", []),
        ("Företagsbiblioteket Åhlén & Co", ["--id", "ahlen", "--non-member"]),
    ]
    for name, extra in orgs:
        run(net, t0, "org", "add", name, *extra)
    people = [
        ("Annalena Crone", "annalena.crone@example.se", "myntverket", []),
        ("Hanna Karlsson", "hanna.karlsson@example.se", "skogsforskningsinstitutet", ["--diet", "vegetarisk"]),
        ("Åsa Kärrman", "asa.karrman@example.se", "sjofartsverket", []),
        ("Maria Grennvall", "maria.grennvall@example.se", "lansarkivet-i-gavle", ["--diet", "glutenfri"]),
        ("Björn Åström", "bjorn.astrom@example.se", "skogsforskningsinstitutet", []),
        ("Zoë Lindqvist", "zoe.lindqvist@example.se", "konstakademiens-bibliotek", ["--language", "en"]),
        ("Per-Olof Öhrn", "per-olof.ohrn@example.se", "myntverket", []),
        ("Göran Ek", "goran.ek@example.se", "ahlen", []),
        ("Tiina Mäkelä", "tiina.makela@example.se", "lansarkivet-i-gavle", ["--diet", "vegan"]),
        ("Åsa Kärrman", "asa.karrman2@example.se", "konstakademiens-bibliotek", []),
    ]
    for name, email, org, extra in people:
        run(net, t0, "participant", "add", name, "--email", email, "--org", org, *extra)
    run(
        net,
        t0,
        "new",
        "Nätverksträff hösten 2026",
        "--date",
        "2026-10-15",
        "--venue",
        "myntverket",
        "--deadline",
        "2026-10-01",
        "--agenda",
        "Välkommen och presentationsrunda",
        "--agenda",
        "Omvärldsbevakning: konkreta tips",
        "--agenda",
        "Fika och erfarenhetsutbyte",
        "--agenda",
        "Förslag till teman för nästa träff",
    )
    autumn = "2026-10-15-natverkstraff-hosten-2026"
    for n, pid in enumerate(
        [
            "annalena-crone",
            "hanna-karlsson",
            "asa-karrman",
            "maria-grennvall",
            "bjorn-astrom",
            "zoe-lindqvist",
            "per-olof-ohrn",
            "tiina-makela",
            "goran-ek",
            "asa-karrman-2",
        ]
    ):
        run(net, f"2026-09-{n + 1:02d}T09:00:00", "register", pid, "--meeting", autumn)
    run(net, "2026-09-20T09:00:00", "unregister", "bjorn-astrom", "--meeting", autumn)
    run(
        net,
        "2026-10-15T15:00:00",
        "attended",
        "annalena-crone",
        "hanna-karlsson",
        "asa-karrman",
        "maria-grennvall",
        "zoe-lindqvist",
        "per-olof-ohrn",
        "tiina-makela",
        "--meeting",
        autumn,
    )
    run(net, "2026-10-15T15:00:00", "absent", "asa-karrman-2", "--meeting", autumn)
    # Questions sent with registration and raised on the day, in every state.
    asked = "2026-09-25T09:00:00"
    run(
        net,
        asked,
        "ask",
        "Hur gör ni omvärldsbevakning med RSS när flödena försvinner?",
        "--by",
        "hanna-karlsson",
        "--topic",
        "Omvärldsbevakning",
        "--meeting",
        autumn,
    )
    run(
        net,
        asked,
        "ask",
        "Kan bibliotekssystemet exportera lånestatistik per avdelning?",
        "--by",
        "maria-grennvall",
        "--topic",
        "Bibliotekssystemet",
        "--meeting",
        autumn,
    )
    run(
        net,
        asked,
        "ask",
        "Fungerar fjärrlån av e-böcker mellan specialbibliotek?",
        "--by",
        "zoe-lindqvist",
        "--meeting",
        autumn,
    )
    run(net, asked, "ask", "Vem ansvarar för licensavtalen när myndigheten omorganiseras?", "--meeting", autumn)
    day = "2026-10-15T13:00:00"
    run(
        net,
        day,
        "question",
        "discuss",
        "1",
        "--notes",
        "Flera använder Inoreader; Hanna visade sina sparade sökningar.",
        "--meeting",
        autumn,
    )
    run(net, day, "question", "escalate", "2", "--to", "Systemleverantören AB", "--meeting", autumn)
    run(net, day, "question", "escalate", "3", "--to", "Regionbiblioteket", "--meeting", autumn)
    run(
        net,
        "2026-11-02T10:00:00",
        "question",
        "answer",
        "3",
        "--meeting",
        autumn,
        "--answer",
        "Ja, via det gemensamma avtalet; beställ som vanligt fjärrlån och ange e-bok.",
    )
    # Themes for next time, with the dots from the flip chart.
    for text, votes in [
        ("Systematiska sökningar", "8"),
        ("Specialbibliotekets roll på den aktivitetsbaserade arbetsplatsen", "6"),
        ("AI-verktyg i referensarbetet", "5"),
        ("Upphandling av databaser", "2"),
    ]:
        run(net, day, "theme", "suggest", text, "--meeting", autumn)
        run(net, day, "theme", "vote", ids_of(text), votes, "--meeting", autumn)
    run(
        net,
        "2026-11-20T09:00:00",
        "new",
        "Nätverksträff våren 2027",
        "--date",
        "2027-03-18",
        "--venue",
        "bibliotekshuset",
        "--deadline",
        "2027-03-04",
        "--online-link",
        "https://meet.example.se/specialbibliotek",
    )
    spring = "2027-03-18-natverkstraff-varen-2027"
    run(net, "2026-11-20T09:00:00", "followup", autumn)
    for n, (pid, extra) in enumerate(
        [
            ("hanna-karlsson", []),
            ("annalena-crone", []),
            ("per-olof-ohrn", []),
            ("zoe-lindqvist", ["--online"]),
            ("goran-ek", []),
        ]
    ):
        run(net, f"2026-11-2{n + 1}T10:00:00", "register", pid, "--meeting", spring, *extra)
    run(
        net,
        "2026-11-26T10:00:00",
        "register",
        "maria-grennvall",
        "--meeting",
        spring,
        "--question",
        "Hur gallrar ni tidskrifter som finns i databaserna?",
    )


def ids_of(text: str) -> str:
    from samling.ids import slug

    return slug(text)


def danish() -> None:
    net = ROOT / "laanesamarbejde"
    shutil.rmtree(net, ignore_errors=True)
    t0 = "2026-08-15T10:00:00"
    run(
        net,
        t0,
        "init",
        str(net),
        "--name",
        "Netværk i lånesamarbejde",
        "--language",
        "da",
        "--organizer",
        "Søren Østergård <soeren.oestergaard@example.dk>",
    )
    text = (net / "samling.toml").read_text(encoding="utf-8").replace("fee = 0", "fee = 350\nnon_member_fee = 500")
    (net / "samling.toml").write_text(text, encoding="utf-8")
    run(
        net,
        t0,
        "venue",
        "add",
        "Det Fiktive Bibliotek, Aarhus",
        "--id",
        "vest",
        "--address",
        "Bøgevej 1, 8000 Aarhus C",
        "--city",
        "Aarhus",
        "--capacity",
        "30",
        "--directions",
        "Letbane til Universitetsparken.",
    )
    run(
        net,
        t0,
        "venue",
        "add",
        "Roskilde Centralbibliotek (fiktivt)",
        "--id",
        "oest",
        "--address",
        "Ærøgade 7, 4000 Roskilde",
        "--city",
        "Roskilde",
        "--capacity",
        "4",
        "--accessibility",
        "Niveaufri adgang og teleslynge.",
    )
    for name, extra in [
        ("Aarhus Bibliotekerne", ["--id", "aarhus"]),
        ("Næstved Bibliotek", ["--id", "naestved"]),
        ("Ærø Folkebibliotek", ["--id", "aeroe"]),
        ("Køge Bibliotekerne", ["--id", "koege"]),
        ("Forskningsbiblioteket Ørsted", ["--id", "oersted", "--non-member"]),
    ]:
        run(net, t0, "org", "add", name, *extra)
    for name, email, org, extra in [
        ("Søren Østergård", "soeren.oestergaard@example.dk", "aarhus", []),
        ("Mette Kjær", "mette.kjaer@example.dk", "aarhus", ["--diet", "vegetar"]),
        ("Jens Ærenlund", "jens.aerenlund@example.dk", "aeroe", []),
        ("Birthe Højgaard", "birthe.hojgaard@example.dk", "naestved", []),
        ("Lærke Møller", "laerke.moller@example.dk", "naestved", ["--diet", "laktosefri"]),
        ("Anders Kløve", "anders.klove@example.dk", "koege", []),
        ("Ditte Brønd", "ditte.brond@example.dk", "oersted", []),
        ("Kasper Sørensen", "kasper.sorensen@example.dk", "koege", []),
    ]:
        run(net, t0, "participant", "add", name, "--email", email, "--org", org, *extra)
    run(
        net,
        t0,
        "new",
        "Netværksmøde marts 2027",
        "--date",
        "2027-03-09",
        "--venue",
        "oest",
        "--session",
        "oest",
        "--deadline",
        "2027-02-23",
        "--online-link",
        "https://meet.example.dk/laanesamarbejde",
        "--agenda",
        "Velkomst",
        "--agenda",
        "Nyt fra Det Kgl. Bibliotek og DBC",
        "--agenda",
        "Tendenser og udfordringer i fjernlån",
        "--agenda",
        "Gruppearbejde: best practice",
    )
    mid = "2027-03-09-netvaerksmode-marts-2027"
    run(net, t0, "session", "add", mid, "--date", "2027-03-16", "--venue", "vest", "--session", "vest")
    for n, (pid, session, extra) in enumerate(
        [
            ("birthe-hojgaard", "oest", []),
            ("laerke-moller", "oest", []),
            ("anders-klove", "oest", []),
            ("kasper-sorensen", "oest", []),
            ("ditte-brond", "oest", []),
            ("jens-aerenlund", "oest", ["--online"]),
            ("mette-kjaer", "vest", []),
            ("soren-ostergard", "vest", []),
        ]
    ):
        run(net, f"2026-11-{n + 10:02d}T12:00:00", "register", pid, "--meeting", mid, "--session", session, *extra)
    run(
        net,
        "2026-11-20T12:00:00",
        "ask",
        "Hvordan håndterer I fjernlån af artikler under ophavsretsloven?",
        "--by",
        "laerke-moller",
        "--topic",
        "Ophavsret",
        "--meeting",
        mid,
    )


if __name__ == "__main__":
    swedish()
    danish()
    print(f"examples rebuilt in {ROOT}")
