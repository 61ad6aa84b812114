#!/usr/bin/env python3
"""Writes a synthetic news corpus for the benchmark: plain-format `.txt` articles (title
block, date line, paragraphs) built from varied sentence templates — statistics, attributed
statements, quotes, dates, amounts, abbreviations, questions and pleasantries — so that the
splitter and the model see realistic news prose. Deterministic for a given seed.

    python bench/make_corpus.py --out DIR --articles 2000 [--seed 1] [--small]

`--small` writes short articles (one paragraph of 2-3 sentences) for memory measurements.
Standard library only.
"""
import argparse
import os
import random

PLACES = ["Leeds", "Gdansk", "Porto Alegre", "Nairobi", "Osaka", "Lyon", "Halifax", "Cork",
          "Tucson", "Dundee", "Brisbane", "Accra", "Bergen", "Valencia", "Pune", "Tromsø",
          "São Paulo", "Kraków", "Zürich", "Reykjavík"]
PEOPLE = ["Maria Okafor", "Sen. Will Hurd", "Dr. Anne Li", "Gov. Tom Reyes", "Prof. K. Sato",
          "Mayor Ines Duarte", "James O'Neill Jr.", "Fatima Haddad", "Chief Insp. Paul Grant",
          "Lena Müller", "Rep. Dana Cole", "Mr. Arjun Mehta"]
ORGS = ["the Office for National Statistics", "the city council", "the health ministry",
        "Acme Co.", "the U.S. Census Bureau", "the European Commission", "the port authority",
        "the teachers' union", "Northwind Ltd.", "the World Bank", "the U.N. refugee agency",
        "the central bank"]
THINGS = ["unemployment", "inflation", "housing starts", "hospital admissions", "exports",
          "rail ridership", "crime", "wages", "school enrolment", "rainfall", "rents",
          "electricity prices", "tourist arrivals", "the deficit", "carbon emissions"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
VERBS_UP = ["rose", "climbed", "jumped", "increased", "grew"]
VERBS_DOWN = ["fell", "dropped", "declined", "slipped", "shrank"]
TOPICS = ["budget", "bridge", "strike", "election", "flood", "vaccine", "stadium", "harbour",
          "school", "tram line", "wind farm", "trade deal"]


def pct(r):
    return f"{r.choice([r.randint(1, 40), round(r.uniform(0.1, 9.9), 1)])}%"


def money(r):
    unit = r.choice(["million", "billion"])
    sym = r.choice(["$", "£", "€"])
    return f"{sym}{round(r.uniform(1, 950), r.choice([0, 1]))} {unit}".replace(".0 ", " ")


def year(r):
    return str(r.randint(1995, 2025))


def claim(r):
    t = r.choice([
        lambda: f"{r.choice(THINGS).capitalize()} {r.choice(VERBS_UP)} {pct(r)} in {r.choice(MONTHS)}, according to {r.choice(ORGS)}.",
        lambda: f"{r.choice(ORGS).capitalize()} said {r.choice(THINGS)} {r.choice(VERBS_DOWN)} by {pct(r)} compared with {year(r)}.",
        lambda: f"The {r.choice(TOPICS)} will cost {money(r)}, {r.choice(PEOPLE)} told reporters on {r.choice(MONTHS)} {r.randint(1, 28)}.",
        lambda: f"About {r.randint(2, 900)},{r.randint(100, 999)} people live in {r.choice(PLACES)}, up from {r.randint(2, 900)},000 in {year(r)}.",
        lambda: f"\"We have cut waiting times by {pct(r)} since {year(r)},\" said {r.choice(PEOPLE)}.",
        lambda: f"{r.choice(PEOPLE)} claimed that {r.choice(THINGS)} in {r.choice(PLACES)} is the highest in {r.randint(10, 60)} years.",
        lambda: f"In {year(r)}, {r.choice(ORGS)} recorded {r.randint(100, 99999)} cases, nearly double the figure a decade earlier.",
        lambda: f"The U.S. and {r.choice(['Canada', 'Mexico', 'Japan', 'the E.U.'])} signed the {r.choice(TOPICS)} agreement at 3 p.m. on Tuesday, officials said.",
        lambda: f"Only {r.randint(1, 9)} in {r.randint(10, 20)} residents supported the {r.choice(TOPICS)}, a poll by {r.choice(ORGS)} found.",
        lambda: f"Funding for the {r.choice(TOPICS)} was {money(r)} last year, {pct(r)} less than planned.",
        lambda: f"{r.choice(PLACES)} had its wettest {r.choice(MONTHS)} on record, with {r.randint(80, 400)} mm of rain.",
        lambda: f"The company employs {r.randint(50, 9000)} people at {r.randint(2, 40)} sites, its annual report says.",
    ])
    return t()


def other(r):
    t = r.choice([
        lambda: "Thank you all for coming today.",
        lambda: f"What a day it has been for {r.choice(PLACES)}!",
        lambda: "I hope everyone stays safe this weekend.",
        lambda: f"{r.choice(PEOPLE)} arrived shortly after noon.",
        lambda: f"Will the {r.choice(TOPICS)} go ahead?",
        lambda: "Residents gathered in the square as the sun came out.",
        lambda: f"The meeting in {r.choice(PLACES)} lasted most of the afternoon.",
        lambda: "It is too early to say what happens next.",
        lambda: f"\"We are very happy,\" {r.choice(['Okafor', 'Li', 'Reyes', 'Haddad', 'Duarte'])} said. \"It was a long wait.\"",
        lambda: "Critics were not convinced... Supporters cheered.",
        lambda: f"Read more about the {r.choice(TOPICS)} on our website.",
        lambda: "The debate continues.",
    ])
    return t()


def article(r, small):
    topic = r.choice(TOPICS)
    title = f"{r.choice(PLACES)} {topic} {r.choice(['plan approved', 'row deepens', 'figures released', 'vote looms', 'costs rise'])}"
    date = f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{year(r)}"
    paras = []
    n_paras = 1 if small else r.randint(3, 7)
    for _ in range(n_paras):
        n = r.randint(2, 3) if small else r.randint(2, 5)
        sents = [claim(r) if r.random() < 0.55 else other(r) for _ in range(n)]
        paras.append(" ".join(sents))
    return f"---\n{title}\n---\n{date}\n\n" + "\n\n".join(paras) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--small", action="store_true")
    a = ap.parse_args()
    r = random.Random(a.seed)
    for i in range(a.articles):
        sub = os.path.join(a.out, f"batch{i // 500:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"article{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(r, a.small))


if __name__ == "__main__":
    main()
