#!/usr/bin/env python3
"""A synthetic Jordanian population and labelled name queries for the person-search benchmark.

usage: generate.py --persons N --seed S --out DIR [--queries-per-class K] [--population zipf|jordan]

Writes DIR/persons.csv, ready for `takamul import persons` (docs/import.md); imported into an empty database its
rows get the ids 1..N in file order; the same seed gives the same population (births stop at today's date).
Writes DIR/queries.tsv: each query with the id of the person it is meant to find, made by the error model in
errors.py. Everything is synthetic: names from names.py put together at random, no real person.

The population is built family by family. A founder (not in the registry) has several sons, brothers who share
his name as their father name and his father's as their grandfather name; each man marries (a wife from another
family, or a cousin from his own) and has children by the fertility of his generation; sons are often named after
their grandfather; sons marry and have children in turn, until the present year. So the registry holds siblings,
cousins, fathers and sons and grandsons with the same first name as their grandfather, the way Jordanian names
repeat through a family.

Two populations, which differ only in how common the names are:
  zipf    first and family names drawn with Zipf-like frequencies: محمد about 13% of men, the largest family under
          2% of persons (the default, so that figures stay comparable with earlier runs);
  jordan  names as concentrated as Jordan's: محمد the first name of a third of men, and so the father's name of a
          third of persons; the other men's names steeper than in zipf, women's names less concentrated than men's;
          eight large clans (المجالي, العبادي, الخطيب, الزعبي, ...) of 1.5 to 2.6% of persons each, so that at 1 M
          persons about 1,400 are named محمد محمد ... المجالي. A son may carry his father's first name.
The figures that make a population hard are printed to stderr at the end.

Query classes (each labelled with the person it must find):
  spelling variants: exact, hamza, alef_maqsura, ta_marbuta, waw_hamza, ya_hamza, tatweel, diacritics,
    zero_width, presentation_forms, compound_split, compound_join, article_dropped, article_added,
    no_grandfather, family_first, first_family, dots, keyboard, dropped_letter, doubled_letter, swapped_letters,
    two_typos, indic_digits, national_id_slip, combined,
    aimed at where search fails: first_letter_keyboard, short_dropped, family_dots, exact_common
  hard non-matches (a similar person is in the registry; ranking that one first is a false match):
    hard_sibling, hard_father_son, hard_mohammad_mahmoud, hard_abdullah_abdulilah, hard_birth_year
A query is only made for a person its name parts identify: no other person has the same first, father,
(grandfather,) family names, since no search could tell them apart.
"""

import argparse
import bisect
from array import array
import datetime
import itertools
import os
import random
import sys
from collections import Counter, defaultdict

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import errors  # noqa: E402
import names  # noqa: E402

FEMALE, MALE = 0, 1
TODAY = datetime.date.today()
# Ten million persons must fit in memory: each person is a row across compact arrays (array module), never a Python
# object, and a governorate is kept as its index in this list.
GOVERNORATES = [("amman", 40), ("irbid", 18), ("zarqa", 15), ("balqa", 5), ("mafraq", 5), ("karak", 4),
                ("jerash", 3), ("madaba", 3), ("ajloun", 2), ("aqaba", 2), ("tafilah", 1.5), ("maan", 1.5)]

# Identity of a name for labelling only (which names count as the same name, so that a query is not labelled with
# one of two people no search could tell apart): hamza seats, ة/ه, ى/ي and spaces ignored.
_LOOSE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ء": None, "ئ": "ي", "ؤ": "و", "ة": "ه", "ى": "ي", " ": None})


def loose(name):
    return name.translate(_LOOSE)


def loose_family(name):
    key = loose(name)
    return key[2:] if key.startswith("ال") and len(key) >= 5 else key


class Zipf:
    """Draws items[r - 1] with weight r ** -exponent; or with the weights given."""

    def __init__(self, items, exponent, weights=None):
        self.items = items
        total, self.cumulative = 0.0, []
        for rank in range(1, len(items) + 1):
            total += weights[rank - 1] if weights else rank ** -exponent
            self.cumulative.append(total)
        self.total = total

    def draw(self, rng):
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.total)]


def head_weights(count, head_share, exponent):
    """Weights of count items where the first has head_share of the draws and the rest follow Zipf(exponent):
    one name far ahead of all others, as محمد is in Jordan."""
    rest = [rank ** -exponent for rank in range(1, count)]
    return [head_share * sum(rest) / (1 - head_share)] + rest


# The jordan population (see the module's docstring). mohammad_share is the share of محمد among men outside the
# registry (founders, the fathers of wives from other families); sons are drawn with mohammad_son_draw, higher,
# since brothers never share a first name and a family's second son cannot be محمد when the first is; a son of
# محمد is also named after his father, most often (mohammad_son_of_mohammad). So drawn, محمد ends up as the first
# name of about a third of the men in the registry too, and محمد محمد as common as the figures in issue 14
# (checked at each generation: see print_concentration).
JORDAN = {
    "mohammad_share": 1 / 3, "mohammad_son_draw": 0.55, "mohammad_son_of_mohammad": 0.7,
    "male_exponent": 1.1, "female_exponent": 0.8, "family_exponent": 0.6,
    # the largest clans and their share of persons: 15 to 25 thousand members at 1 M
    "clans": [("المجالي", 0.026), ("العبادي", 0.022), ("الخطيب", 0.021), ("الزعبي", 0.020), ("العمري", 0.018),
              ("الطراونة", 0.017), ("الحباشنة", 0.016), ("الخصاونة", 0.015)],
}


class Full(Exception):
    pass


class Population:
    def __init__(self, size, rng, kind="zipf"):
        self.size, self.rng, self.kind = size, rng, kind
        # given names: men's then women's, deduplicated by their loose form
        self.given, self.given_loose, seen = [], [], {}
        male_ids, female_ids = [], []
        for sex, listed in ((MALE, names.words(names.MALE)), (FEMALE, names.words(names.FEMALE))):
            for name in listed:
                key = loose(name)
                if key in seen:
                    if seen[key][1] == sex:
                        continue
                self.given.append(name)
                self.given_loose.append(key)
                seen.setdefault(key, (len(self.given) - 1, sex))
                (male_ids if sex == MALE else female_ids).append(len(self.given) - 1)
        self.loose_given_id = {}
        for i, key in enumerate(self.given_loose):
            self.loose_given_id.setdefault(key, i)
        self.given_loose_id = [self.loose_given_id[k] for k in self.given_loose]
        self.family, family_loose = self._families(rng)
        if kind == "jordan":
            self._concentrate(male_ids, female_ids)
        else:
            self.male = self.male_outside = Zipf(male_ids, 1.0)
            self.female = Zipf(female_ids, 0.9)
            self.families = Zipf(list(range(len(self.family))), 0.6)
        self.dictionary = set(self.given_loose) | set(family_loose) | {loose(f) for f in self.family}
        self.id_of = {name: i for i, name in enumerate(self.given)}
        # persons, by index (the database id is index + 1), one array per field
        self.first, self.father, self.grand, self.fam = array("h"), array("h"), array("h"), array("h")
        self.sex, self.year, self.father_pid, self.gov = array("b"), array("h"), array("i"), array("b")
        # a father's children as a chain: his last child, and each child's elder sibling by the same father
        self.last_child, self.elder_sibling = array("i"), array("i")
        self.founders = 0
        self.households = 0

    def _concentrate(self, male_ids, female_ids):
        """The jordan population's draws: محمد far ahead, the large clans by their share, the rest Zipf."""
        j = JORDAN
        self.male = Zipf(male_ids, 0, head_weights(len(male_ids), j["mohammad_son_draw"], j["male_exponent"]))
        self.male_outside = Zipf(male_ids, 0, head_weights(len(male_ids), j["mohammad_share"], j["male_exponent"]))
        self.female = Zipf(female_ids, j["female_exponent"])
        index = {name: f for f, name in enumerate(self.family)}
        clans = [index[name] for name, _ in j["clans"]]
        rest = [f for f in range(len(self.family)) if f not in set(clans)]
        rest_weights = [rank ** -j["family_exponent"] for rank in range(1, len(rest) + 1)]
        clan_share = sum(share for _, share in j["clans"])
        scale = sum(rest_weights) / (1 - clan_share)
        self.families = Zipf(clans + rest, 0, [share * scale for _, share in j["clans"]] + rest_weights)

    def _families(self, rng):
        male_plain = [n for n in names.words(names.MALE) if " " not in n]
        consonant_end = [n for n in male_plain if n[-1] not in "اىةءيو"]
        built = []
        built += names.words(names.TRIBES)
        rest = names.words(names.TRADES) + names.words(names.PLACES)
        rest += ["ال" + n for n in male_plain[:110]]
        rest += male_plain[110:175]
        rest += ["ال" + n + "ي" for n in consonant_end[:140]]
        rest += ["بني " + n for n in male_plain[:55]]
        rest += ["أبو " + n for n in male_plain[20:150]] + ["أبو " + w for w in names.ABU_WORDS.split()]
        for root in names.ROOTS.split():
            if len(root) == 3:
                rest += [pattern.format(*root) for pattern in names.ROOT_PATTERNS]
        rng.shuffle(rest)
        built += rest
        families, keys, seen = [], [], set()
        for name in built:
            key = loose_family(name)
            if key in seen or len(key) < 3:
                continue
            seen.add(key)
            families.append(name)
            keys.append(key)
        return families, keys

    def add(self, first, father, grand, family, sex, year, father_pid, gov):
        if len(self.first) >= self.size:
            raise Full()
        self.first.append(first)
        self.father.append(father)
        self.grand.append(grand)
        self.fam.append(family)
        self.sex.append(sex)
        self.year.append(year)
        self.father_pid.append(father_pid)
        self.gov.append(gov)
        pid = len(self.first) - 1
        self.last_child.append(-1)
        self.elder_sibling.append(-1)
        if father_pid >= 0:
            self.elder_sibling[pid] = self.last_child[father_pid]
            self.last_child[father_pid] = pid
        return pid

    def children(self, pid):
        """A father's children in the registry, eldest first (in the order they were added)."""
        out = []
        child = self.last_child[pid]
        while child >= 0:
            out.append(child)
            child = self.elder_sibling[child]
        out.reverse()
        return out

    def children_count(self, year):
        rng = self.rng
        if rng.random() < 0.07:
            return 0
        mean = 7 if year < 1950 else 5.5 if year < 1965 else 4.5 if year < 1980 else 3.5 if year < 1990 else 2.8
        return max(1, min(12, int(rng.gauss(mean, 1.6) + 0.5)))

    def son_name(self, grandfather, own, used):
        """Often the grandfather's name; a brother of محمد may be محمود, of عبد الله عبد الإله; else drawn."""
        rng = self.rng
        mohammad = self.id_of["محمد"]
        if self.kind == "jordan" and own == mohammad and mohammad not in used \
                and rng.random() < JORDAN["mohammad_son_of_mohammad"]:
            return mohammad
        if grandfather not in used and grandfather != own and self.sex_of_given(grandfather) == MALE \
                and rng.random() < 0.55:
            return grandfather
        for a, b, p in (("محمد", "محمود", 0.35), ("عبد الله", "عبد الإله", 0.5)):
            ia, ib = self.id_of[a], self.id_of[b]
            if ia in used and ib not in used and rng.random() < p:
                return ib
            if ib in used and ia not in used and rng.random() < p:
                return ia
        for _ in range(30):
            name = self.male.draw(rng)
            if name not in used and (name != own or self.kind == "jordan"):
                return name
        return name

    def names_taken(self, father):
        """The names a man's sons cannot be given: his own in zipf; none in jordan, where محمد son of محمد is
        common."""
        return set() if self.kind == "jordan" else {father}

    def sex_of_given(self, name):
        return MALE if name in self._male_set else FEMALE

    def man(self, first, father, grand, family, year, father_pid, gov):
        rng = self.rng
        pid = self.add(first, father, grand, family, MALE, year, father_pid, gov)
        marriage = year + rng.randint(22, 34)
        if marriage >= TODAY.year:
            return pid
        wife_year = max(1900, min(TODAY.year - 16, year + rng.randint(-1, 9)))
        wife_family = family if rng.random() < 0.25 else self.families.draw(rng)
        self.add(self.female.draw(rng), self.male_outside.draw(rng), self.male_outside.draw(rng), wife_family, FEMALE,
                 wife_year, -1, gov)
        self.households += 1
        used = self.names_taken(first)
        child_year = marriage + rng.randint(1, 2)
        sons = []
        for _ in range(self.children_count(year)):
            if child_year > TODAY.year:
                break
            if rng.random() < 0.51:
                name = self.son_name(father, first, used)
                used.add(name)
                sons.append((name, child_year))
            else:
                for _ in range(30):
                    name = self.female.draw(rng)
                    if name not in used:
                        break
                used.add(name)
                self.add(name, first, father, family, FEMALE, child_year, pid, gov)
            child_year += rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        for name, son_year in sons:
            self.man(name, first, father, family, son_year, pid, gov)
        return pid

    def build(self):
        rng = self.rng
        self._male_set = set(self.male.items)
        gov_weights = [w for _, w in GOVERNORATES]
        try:
            while True:
                # a founder, dead before the registry, and his sons: brothers whose children are cousins
                self.founders += 1
                founder, founder_father = self.male_outside.draw(rng), self.male_outside.draw(rng)
                family = self.families.draw(rng)
                gov = rng.choices(range(len(GOVERNORATES)), gov_weights)[0]
                founder_year = rng.randint(1895, 1950)
                used = self.names_taken(founder)
                year = founder_year + rng.randint(22, 30)
                for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
                    name = self.son_name(founder_father, founder, used)
                    used.add(name)
                    self.man(name, founder, founder_father, family, min(year, TODAY.year - 1), -1, gov)
                    year += rng.randint(2, 6)
        except Full:
            pass


# --- How the registry wrote each person: one unit's habits per record -------------------------------------------

HABIT_BARE_ALEF, HABIT_JOINED, HABIT_HA, HABIT_YA = 1, 2, 4, 8


def habits(rng):
    h = 0
    if rng.random() < 0.35:
        h |= HABIT_BARE_ALEF
    if rng.random() < 0.35:
        h |= HABIT_JOINED
    if rng.random() < 0.04:
        h |= HABIT_HA
    if rng.random() < 0.08:
        h |= HABIT_YA
    return h


def as_recorded(name, h):
    if not h:
        return name
    if h & HABIT_JOINED:
        for word in ("عبد ", "أبو ", "ابو "):
            if name.startswith(word):
                name = name[:len(word) - 1] + name[len(word):]
        for word in (" الدين", " الله"):
            name = name.replace(word, word[1:])
    words = name.split(" ")
    for i, w in enumerate(words):
        if h & HABIT_BARE_ALEF and w[:1] in "أإآ":
            w = "ا" + w[1:]
        if h & HABIT_HA and w.endswith("ة"):
            w = w[:-1] + "ه"
        if h & HABIT_YA and w.endswith("ى"):
            w = w[:-1] + "ي"
        words[i] = w
    return " ".join(words)


def grandfather(pop, i, h, rng):
    """The grandfather's name as recorded; 3% of records lack it (kept in pop.grand_written)."""
    written = rng.random() > 0.03
    pop.grand_written.append(written)
    return as_recorded(pop.given[pop.grand[i]], h) if written else ""


def write_persons(pop, rng, path):
    n = len(pop.first)
    pop.habits = array("b", (habits(rng) for _ in range(n)))
    pop.nid = [None] * n
    pop.by_nid = {}
    pop.grand_written = array("b")   # 0: the record lacks the grandfather's name
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("first_name,father_name,grandfather_name,family_name,national_id,birth_date,birth_year,"
                  "birth_year_estimated,sex,nationality,governorate\n")
        for i in range(n):
            h = pop.habits[i]
            year = pop.year[i]
            number = ""
            if rng.random() < 0.92:
                prefix = ("9%02d" % (year % 100)) if year < 2000 else ("20%d" % (year % 10))
                prefix += "1" if pop.sex[i] == MALE else "2"
                while True:
                    number = prefix + "%06d" % rng.randrange(1000000)
                    if number not in pop.by_nid:
                        break
                pop.by_nid[number] = i
                pop.nid[i] = number
            if rng.random() < 0.04:
                birth_date, birth_year, estimated = "", str(year), "1"
            else:
                latest = TODAY - datetime.timedelta(days=1)
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                birth_date, birth_year, estimated = min(day, latest).isoformat(), "", ""
            nationality = "JO" if number else rng.choice(["JO", "SY", "SY", "EG", "IQ", "PS"])
            out.write(",".join((
                as_recorded(pop.given[pop.first[i]], h), as_recorded(pop.given[pop.father[i]], h),
                grandfather(pop, i, h, rng),
                as_recorded(pop.family[pop.fam[i]], h),
                number, birth_date, birth_year, estimated,
                "male" if pop.sex[i] == MALE else "female", nationality, GOVERNORATES[pop.gov[i]][0])) + "\n")


# --- Queries -------------------------------------------------------------------------------------------------------

FIRST, FATHER, GRAND, FAMILY = 0, 1, 2, 3
STRUCTURES = {
    "full": [FIRST, FATHER, GRAND, FAMILY],
    "no_grandfather": [FIRST, FATHER, FAMILY],
    "family_first": [FAMILY, FIRST, FATHER, GRAND],
    "family_first_no_grandfather": [FAMILY, FIRST, FATHER],
    "first_family": [FIRST, FAMILY],
}
PART_WEIGHT = {FIRST: 4, FATHER: 2, GRAND: 1, FAMILY: 4}
# exact_common: how many persons must share a first, father and family name for it to count as common
COMMON_THREE = 200


class Queries:
    def __init__(self, pop, rng, per_class):
        self.pop, self.rng, self.per_class = pop, rng, per_class
        self.rows = []
        n = len(pop.first)
        g = pop.given_loose_id
        self.key4 = array("q", ((((g[pop.first[i]] * 512 + g[pop.father[i]]) * 512 + g[pop.grand[i]]) << 13)
                                | pop.fam[i] for i in range(n)))
        self.key3 = array("q", (((g[pop.first[i]] * 512 + g[pop.father[i]]) << 13) | pop.fam[i] for i in range(n)))
        self.key2 = array("q", ((g[pop.first[i]] << 13) | pop.fam[i] for i in range(n)))
        self.count4, self.count3, self.count2 = Counter(self.key4), Counter(self.key3), Counter(self.key2)
        self.dictionary = pop.dictionary

    def parts(self, i):
        pop = self.pop
        return [pop.given[pop.first[i]], pop.given[pop.father[i]], pop.given[pop.grand[i]], pop.family[pop.fam[i]]]

    def recorded_parts(self, i):
        return [as_recorded(p, self.pop.habits[i]) for p in self.parts(i)]

    def unique(self, i, structure):
        if structure == "first_family":
            return self.count2[self.key2[i]] == 1
        if GRAND in STRUCTURES[structure]:
            return self.count4[self.key4[i]] == 1
        return self.count3[self.key3[i]] == 1

    def person(self, test=None, structure=None):
        """A random person the structure identifies and, when given, for whom test(i) holds."""
        n = len(self.pop.first)
        for _ in range(400000):
            i = self.rng.randrange(n)
            if structure and not self.unique(i, structure):
                continue
            if test is None or test(i):
                return i
        return None

    def structure(self):
        return "full" if self.rng.random() < 0.6 else "no_grandfather"

    def emit(self, kind, i, structure, parts, hard=False, distractor=None, birth_year=None, number="",
             text=None):
        if text is None:
            order = STRUCTURES[structure]
            text = " ".join(parts[p] for p in order)
        if birth_year is None:
            birth_year = self.pop.year[i] if (not hard and self.rng.random() < 0.25) else 0
        assert "\t" not in text and "\n" not in text
        self.rows.append((kind, 1 if hard else 0, i + 1, distractor + 1 if distractor is not None else 0,
                          birth_year, number, structure, text))

    def mutate(self, i, structure, edit, attempts=12, parts=None, choose=None):
        """The person's name with one part changed by edit; None when no part takes it."""
        parts = list(parts or self.parts(i))
        order = list(STRUCTURES[structure])
        if choose:
            order = [p for p in order if p in choose]
        self.rng.shuffle(order)
        order.sort(key=lambda p: -PART_WEIGHT[p] * self.rng.random())
        for p in order:
            for _ in range(attempts):
                changed = edit(parts[p], self.rng)
                if changed is not None and changed != parts[p]:
                    parts[p] = changed
                    return parts, p
        return None, None

    def slip(self, name, rng, edit, shortest=4, longest=None):
        """A slip in a name of shortest letters or more (four: a slip in a shorter one is a weak clue, the aimed
        classes go there on purpose), and up to longest; None when it gives another name in the lists."""
        letters = sum(1 for c in name if c in errors.ARABIC_LETTERS)
        if letters < shortest or (longest and letters > longest):
            return None
        changed = edit(name, rng)
        if changed is None or loose(changed) == loose(name) or loose(changed) in self.dictionary \
                or loose_family(changed) in self.dictionary:
            return None
        return changed

    def make(self, kind, maker):
        made = 0
        for _ in range(self.per_class * 40):
            if made >= self.per_class:
                break
            if maker():
                made += 1
        if made < self.per_class:
            print(f"  {kind}: only {made} queries", file=sys.stderr)

    # spelling variants ------------------------------------------------------------------------------------------
    def orthography(self, kind):
        edit = errors.ORTHOGRAPHY[kind]

        def make():
            structure = self.structure()
            i = self.person(structure=structure)
            if i is None:
                return False
            if kind == "presentation_forms":
                parts = [edit(p, self.rng) or p for p in self.parts(i)]
                self.emit(kind, i, structure, parts)
                return True
            if kind in ("zero_width", "diacritics", "tatweel"):
                parts, changed = self.mutate(i, structure, edit)
                if parts is None:
                    return False
                if self.rng.random() < 0.4:
                    more, _ = self.mutate(i, structure, edit, parts=parts)
                    parts = more or parts
                text = " ".join(parts[p] for p in STRUCTURES[structure])
                if kind == "zero_width" and self.rng.random() < 0.3:
                    text = errors.embedding_marks(text, self.rng)
                self.emit(kind, i, structure, parts, text=text)
                return True
            parts, changed = self.mutate(i, structure, edit)
            if parts is None:
                return False
            self.emit(kind, i, structure, parts)
            return True
        return make

    def compound(self, kind):
        def make():
            structure = self.structure()
            joined = kind == "compound_split"

            def fits(i):
                if bool(self.pop.habits[i] & HABIT_JOINED) != joined:
                    return False
                return any(" " in self.parts(i)[p] and not self.parts(i)[p].startswith("بني ")
                           for p in STRUCTURES[structure])
            i = self.person(fits, structure)
            if i is None:
                return False
            if joined:   # the record has it joined: the query writes it apart
                parts, _ = self.mutate(i, structure, errors.compound_split, parts=self.recorded_parts(i))
                if parts is None:
                    return False
                canonical = self.parts(i)
                parts = [parts[p] if " " in canonical[p] else canonical[p] for p in range(4)]
            else:        # the record has it apart: the query writes it joined
                parts, _ = self.mutate(i, structure, errors.compound_join,
                                       choose=[p for p in range(4) if not self.parts(i)[p].startswith("بني ")])
                if parts is None:
                    return False
            self.emit(kind, i, structure, parts)
            return True
        return make

    def article(self, kind):
        edit = errors.article_dropped if kind == "article_dropped" else errors.article_added

        def make():
            structure = self.structure()
            i = self.person(lambda i: edit(self.parts(i)[FAMILY], self.rng) is not None
                            and not self.parts(i)[FAMILY].startswith(("أبو", "بني")), structure)
            if i is None:
                return False
            parts = self.parts(i)
            parts[FAMILY] = edit(parts[FAMILY], self.rng)
            self.emit(kind, i, structure, parts)
            return True
        return make

    def structure_only(self, kind):
        def make():
            if kind == "no_grandfather":
                structure = "no_grandfather"
            elif kind == "family_first":
                structure = self.rng.choice(["family_first", "family_first_no_grandfather"])
            else:
                structure = "first_family"
            i = self.person(structure=structure)
            if i is None:
                return False
            self.emit(kind, i, structure, self.parts(i))
            return True
        return make

    def slips(self, kind):
        def make():
            structure = self.structure()
            i = self.person(structure=structure)
            if i is None:
                return False
            if kind == "two_typos":
                kinds = list(errors.SLIPS.values())
                parts, first = self.mutate(i, structure, lambda n, r: self.slip(n, r, self.rng.choice(kinds)))
                if parts is None:
                    return False
                same = self.rng.random() < 0.3
                choose = [first] if same and sum(c in errors.ARABIC_LETTERS for c in parts[first]) >= 6 else \
                    [p for p in range(4) if p != first]
                parts, second = self.mutate(i, structure, lambda n, r: self.slip(n, r, self.rng.choice(kinds)),
                                            parts=parts, choose=choose)
                if parts is None:
                    return False
            else:
                edit = errors.SLIPS[kind]
                parts, _ = self.mutate(i, structure, lambda n, r: self.slip(n, r, edit))
                if parts is None:
                    return False
            self.emit(kind, i, structure, parts)
            return True
        return make

    def first_letter_keyboard(self):
        """A keyboard slip on the first letter of a name of three letters or more."""
        def make():
            structure = self.structure()
            i = self.person(structure=structure)
            if i is None:
                return False
            parts, _ = self.mutate(i, structure,
                                   lambda n, r: self.slip(n, r, errors.first_letter_keyboard, shortest=3))
            if parts is None:
                return False
            self.emit("first_letter_keyboard", i, structure, parts)
            return True
        return make

    def short_dropped(self):
        """A letter dropped from a name of exactly three letters (حسن, علي, عمر, نور, ...)."""
        def make():
            structure = self.structure()

            def fits(i):
                return any(self.letters(self.parts(i)[p]) == 3 for p in STRUCTURES[structure])
            i = self.person(fits, structure)
            if i is None:
                return False
            parts, _ = self.mutate(i, structure,
                                   lambda n, r: self.slip(n, r, errors.short_dropped, shortest=3, longest=3))
            if parts is None:
                return False
            self.emit("short_dropped", i, structure, parts)
            return True
        return make

    def family_dots(self):
        """A letter's dots changed in the family name of a person of one of the ten largest families: the family
        name then matches the long lists of a large clan only by a slip (الخظيب for الخطيب)."""
        largest = {f for f, _ in Counter(self.pop.fam).most_common(10)}

        def make():
            structure = self.structure()
            i = self.person(lambda i: self.pop.fam[i] in largest, structure)
            if i is None:
                return False
            parts, _ = self.mutate(i, structure, lambda n, r: self.slip(n, r, errors.dots), choose=[FAMILY])
            if parts is None:
                return False
            self.emit("family_dots", i, structure, parts)
            return True
        return make

    def exact_common(self):
        """The complete name typed exactly, with the birth year, of a person whose first, father and family names
        many others carry (at least COMMON_THREE) but whose complete name is his alone: محمد محمد معتز المجالي, the
        failing example of issue 14. Only persons whose record has all four names: typed exactly, the name is then
        the record's, and a namesake whose record lacks the grandfather cannot be the better answer. In a population
        with too few such persons the bar is lowered, and said."""
        bar = COMMON_THREE
        candidates = []
        written = self.pop.grand_written
        while bar >= 2:
            candidates = [i for i in range(len(self.pop.first)) if written[i]
                          and self.count3[self.key3[i]] >= bar and self.count4[self.key4[i]] == 1]
            if len(candidates) >= self.per_class or bar == 2:
                break
            bar //= 2
        if bar != COMMON_THREE:
            print(f"  exact_common: first, father and family names carried by {bar} persons or more (too few "
                  f"persons under names carried by {COMMON_THREE})", file=sys.stderr)

        def make():
            if not candidates:
                return False
            i = self.rng.choice(candidates)
            self.emit("exact_common", i, "full", self.parts(i), birth_year=self.pop.year[i])
            return True
        return make

    @staticmethod
    def letters(name):
        return sum(1 for c in name if c in errors.ARABIC_LETTERS)

    def light(self, i, structure, parts=None):
        """The name as another careful clerk may write it: half the time one orthographic habit."""
        parts = parts or self.parts(i)
        if self.rng.random() < 0.5:
            edit = self.rng.choice([errors.hamza, errors.alef_maqsura, errors.ta_marbuta, errors.compound_join,
                                    errors.tatweel])
            changed, _ = self.mutate(i, structure, edit, attempts=2, parts=parts)
            parts = changed or parts
        return parts

    def numbers(self, kind):
        def make():
            i = self.person(lambda i: self.pop.nid[i] is not None)
            if i is None:
                return False
            number = self.pop.nid[i]
            if kind == "indic_digits":
                structure = self.structure()
                self.emit(kind, i, structure, self.light(i, structure), number=errors.indic_digits(number, self.rng))
                return True
            slipped = errors.number_slip(number, self.rng)
            if slipped in self.pop.by_nid:
                return False
            # no other holder one slip away from the number typed, so the label is unambiguous
            for j in range(10):
                for d in "0123456789":
                    near = slipped[:j] + d + slipped[j + 1:]
                    if near != number and near in self.pop.by_nid:
                        return False
            if self.rng.random() < 0.5:
                self.emit(kind, i, "number_only", [], number=slipped, text="", birth_year=0)
            else:
                self.emit(kind, i, "first_family", self.parts(i), number=slipped, birth_year=0)
            return True
        return make

    def combined(self):
        kinds = [errors.hamza, errors.alef_maqsura, errors.ta_marbuta, errors.tatweel, errors.diacritics,
                 errors.zero_width, errors.compound_join, errors.article_dropped, errors.article_added]

        def make():
            structure = self.rng.choice(["full", "no_grandfather", "family_first", "family_first_no_grandfather"])
            i = self.person(structure=structure)
            if i is None:
                return False
            parts = self.parts(i)
            applied = 0
            for edit in self.rng.sample(kinds, len(kinds)):
                if applied == self.rng.choice([2, 3]):
                    break
                choose = [FAMILY] if edit in (errors.article_added, errors.article_dropped) else None
                if choose and parts[FAMILY].startswith(("أبو", "بني")):
                    continue
                changed, _ = self.mutate(i, structure, edit, attempts=2, parts=parts, choose=choose)
                if changed:
                    parts, applied = changed, applied + 1
            if applied < 2:
                return False
            self.emit("combined", i, structure, parts)
            return True
        return make

    # hard non-matches -------------------------------------------------------------------------------------------
    def hard_sibling(self):
        pop = self.pop

        def make():
            structure = self.structure()

            def fits(i):
                f = pop.father_pid[i]
                return f >= 0 and len(pop.children(f)) > 1
            i = self.person(fits, structure)
            if i is None:
                return False
            siblings = [s for s in pop.children(pop.father_pid[i]) if s != i]
            same_sex = [s for s in siblings if pop.sex[s] == pop.sex[i]]
            self.emit("hard_sibling", i, structure, self.light(i, structure), hard=True,
                      distractor=self.rng.choice(same_sex or siblings))
            return True
        return make

    def hard_father_son(self):
        pop = self.pop

        def make():
            if self.rng.random() < 0.7:
                # the father by his first, father and family names: his son carries the same three words
                i = self.person(lambda i: any(pop.sex[c] == MALE for c in pop.children(i)), "no_grandfather")
                if i is None:
                    return False
                son = self.rng.choice([c for c in pop.children(i) if pop.sex[c] == MALE])
                self.emit("hard_father_son", i, "no_grandfather", self.light(i, "no_grandfather"), hard=True,
                          distractor=son)
            else:
                i = self.person(lambda i: pop.father_pid[i] >= 0 and pop.sex[i] == MALE, "full")
                if i is None:
                    return False
                self.emit("hard_father_son", i, "full", self.light(i, "full"), hard=True,
                          distractor=pop.father_pid[i])
            return True
        return make

    def pair_drawer(self, groups, keep):
        """A function drawing uniformly one pair (x of the first name, y of the second) of the same group, among the
        members keep accepts, or None when there is none. The pairs are not listed: a group of common names holds
        hundreds of each at 10 M persons, and their pairs would not fit in memory."""
        both = []
        for xs, ys in groups.values():
            xs, ys = [x for x in xs if keep(x)], [y for y in ys if keep(y)]
            if xs and ys:
                both.append((xs, ys))
        ends = list(itertools.accumulate(len(xs) * len(ys) for xs, ys in both))

        def draw():
            if not ends:
                return None
            k = self.rng.randrange(ends[-1])   # as rng.choice over the listed pairs would draw
            g = bisect.bisect_right(ends, k)
            xs, ys = both[g]
            k -= ends[g - 1] if g else 0
            return xs[k // len(ys)], ys[k % len(ys)]
        return draw

    def hard_pair(self, kind, a, b):
        pop = self.pop
        ia, ib = pop.id_of[a], pop.id_of[b]
        groups = defaultdict(lambda: ([], []))
        for i in range(len(pop.first)):
            if pop.first[i] == ia or pop.first[i] == ib:
                key = (pop.given_loose_id[pop.father[i]], pop.given_loose_id[pop.grand[i]], pop.fam[i])
                groups[key][0 if pop.first[i] == ia else 1].append(i)
        draws = [self.pair_drawer(groups, lambda i: True)]
        failures = [0]

        def make():
            if len(draws) == 1 and failures[0] >= self.per_class * 10:
                # most pairs are of names that others carry too (the jordan population at 10 M persons): from now
                # on only pairs of complete names carried by one person
                draws.append(self.pair_drawer(groups, lambda i: self.count4[self.key4[i]] == 1))
            drawn = draws[-1]()
            if drawn is None:
                return False
            x, y = drawn
            i, other = (x, y) if self.rng.random() < 0.5 else (y, x)
            structure = self.structure()
            if not self.unique(i, structure):
                failures[0] += 1
                return False
            self.emit(kind, i, structure, self.light(i, structure), hard=True, distractor=other)
            return True
        return make

    def hard_birth_year(self):
        pop = self.pop
        groups = defaultdict(list)
        for i, key in enumerate(self.key4):
            if self.count4[key] > 1:
                groups[key].append(i)
        candidates = []
        for members in groups.values():
            for i in members:
                others = [j for j in members if j != i]
                if all(abs(pop.year[j] - pop.year[i]) >= 3 for j in others):
                    candidates.append((i, others))

        def make():
            if not candidates:
                return False
            i, others = self.rng.choice(candidates)
            structure = "full"
            self.emit("hard_birth_year", i, structure, self.light(i, structure), hard=True,
                      distractor=self.rng.choice(others), birth_year=pop.year[i])
            return True
        return make

    def build(self):
        plan = [("exact", lambda: self.structure_only_exact())]
        plan += [(k, self.orthography(k)) for k in errors.ORTHOGRAPHY]
        plan += [(k, self.compound(k)) for k in ("compound_split", "compound_join")]
        plan += [(k, self.article(k)) for k in ("article_dropped", "article_added")]
        plan += [(k, self.structure_only(k)) for k in ("no_grandfather", "family_first", "first_family")]
        plan += [(k, self.slips(k)) for k in list(errors.SLIPS) + ["two_typos"]]
        plan += [(k, self.numbers(k)) for k in ("indic_digits", "national_id_slip")]
        plan += [("combined", self.combined())]
        plan += [("hard_sibling", self.hard_sibling()), ("hard_father_son", self.hard_father_son()),
                 ("hard_mohammad_mahmoud", self.hard_pair("hard_mohammad_mahmoud", "محمد", "محمود")),
                 ("hard_abdullah_abdulilah", self.hard_pair("hard_abdullah_abdulilah", "عبد الله", "عبد الإله")),
                 ("hard_birth_year", self.hard_birth_year())]
        # added after the classes above, so that those draw the same queries as before
        plan += [("first_letter_keyboard", self.first_letter_keyboard()), ("short_dropped", self.short_dropped()),
                 ("family_dots", self.family_dots()), ("exact_common", self.exact_common())]
        for kind, maker in plan:
            self.make(kind, maker)

    def structure_only_exact(self):
        structure = self.structure()
        i = self.person(structure=structure)
        if i is None:
            return False
        self.emit("exact", i, structure, self.parts(i))
        return True

    def write(self, path):
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write("qid\tclass\thard\ttarget\tdistractor\tbirth_year\tnational_id\tstructure\ttext\n")
            for qid, row in enumerate(self.rows, 1):
                out.write("\t".join(str(x) for x in (qid,) + row) + "\n")


def print_concentration(pop, queries):
    """The figures that make a population hard to search, to stderr: how common محمد is as first and as father's
    name, the largest clans, the persons named محمد محمد ... المجالي, and how many complete names are shared."""
    n = len(pop.first)
    mohammad = pop.id_of["محمد"]
    men = sum(pop.sex)
    first = sum(1 for i in range(n) if pop.first[i] == mohammad and pop.sex[i] == MALE)
    father = sum(1 for f in pop.father if f == mohammad)
    registered_fathers = [pop.father_pid[i] for i in range(n) if pop.father_pid[i] >= 0]
    father_registered = sum(1 for f in registered_fathers if pop.first[f] == mohammad)
    clans = Counter(pop.fam).most_common(5)
    majali = pop.family.index("المجالي")
    mohammad_mohammad = sum(1 for i in range(n) if pop.first[i] == mohammad and pop.father[i] == mohammad
                            and pop.fam[i] == majali)
    shared = sum(1 for c in queries.count4.values() if c > 1)
    print(f"concentration ({pop.kind} population of {n} persons):\n"
          f"  محمد: first name of {100 * first / max(men, 1):.1f}% of men, father's name of {100 * father / n:.1f}% "
          f"of persons ({100 * father_registered / max(len(registered_fathers), 1):.1f}% of the "
          f"{len(registered_fathers)} whose father is in the registry)\n"
          f"  largest clans: " + ", ".join(f"{pop.family[f]} {c}" for f, c in clans) + "\n"
          f"  محمد محمد ... المجالي: {mohammad_mohammad} persons\n"
          f"  complete names (first, father, grandfather, family) carried by more than one person: {shared}",
          file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--queries-per-class", type=int, default=100)
    parser.add_argument("--population", choices=("zipf", "jordan"), default="zipf",
                        help="zipf (default, as earlier runs) or jordan (names as concentrated as Jordan's)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    pop = Population(args.persons, rng, args.population)
    pop.build()
    write_persons(pop, random.Random(args.seed + 1), os.path.join(args.out, "persons.csv"))
    queries = Queries(pop, random.Random(args.seed + 2), args.queries_per_class)
    queries.build()
    queries.write(os.path.join(args.out, "queries.tsv"))
    n = len(pop.first)
    first_counts = Counter(pop.first[i] for i in range(n) if pop.sex[i] == MALE)
    males = sum(pop.sex)
    top = first_counts.most_common(1)[0]
    family_counts = Counter(pop.fam)
    top_family = family_counts.most_common(1)[0]
    fathers = sum(1 for f in pop.father_pid if f >= 0)
    print(f"population: {n} persons in {pop.households} households of {pop.founders} founding families; "
          f"{len(family_counts)} family names of {len(pop.family)}, "
          f"{len(set(pop.first))} first names of {len(pop.given)}; "
          f"{sum(1 for x in pop.nid if x)} with a national number")
    print(f"  most common: {pop.given[top[0]]} ({100 * top[1] / males:.1f}% of men), "
          f"{pop.family[top_family[0]]} ({100 * top_family[1] / n:.1f}% of persons); "
          f"{fathers} persons with their father in the registry; "
          f"full names shared by 2+ persons: {sum(c for c in queries.count4.values() if c > 1)}")
    print(f"queries: {len(queries.rows)} in {len(set(r[0] for r in queries.rows))} classes")
    print_concentration(pop, queries)


if __name__ == "__main__":
    main()
