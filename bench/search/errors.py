"""How people misspell Arabic names: the error model of the search benchmark's queries.

Written from how names are actually typed, copied and pasted, not from Takamul's normaliser: nothing here is
imported from src/, and the tables are this file's own (the keyboard as it is printed on the keys, the letters
that differ only by their dots as they are written by hand, the habits of writing hamza). Each function takes a
name as written (one name part, possibly two words such as عبد الله) and a random generator, and returns the name
as someone else wrote it, or None when the error does not apply to that name.
"""

import unicodedata

ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x064B))

# --- Orthography: the spelling habits of whoever types the name ------------------------------------------------

# Hamza on or under alef: people leave it out most of the time, sometimes put the other one.
HAMZA_ALEF = {
    "أ": [("ا", 8), ("إ", 2)],
    "إ": [("ا", 8), ("أ", 2)],
    "آ": [("ا", 6), ("أ", 4)],
}
# A bare alef at the start of a name that some write with a hamza (اسلام → إسلام, احمد → أحمد).
ALEF_GETS_HAMZA = [("أ", 6), ("إ", 4)]
# Hamza on a seat in the middle of a word, written on the wrong seat, as the seat alone or as a lone hamza.
HAMZA_WAW = [("و", 8), ("ء", 1), ("ئ", 1)]          # لؤي → لوي, مؤمن → مءمن
HAMZA_YA = [("ي", 8), ("ء", 1), ("ىء", 1)]          # عائشة → عايشة, هائل → هاءل
FINAL_HAMZA_DROPPED = 1                              # علاء → علا, إسراء → إسرا


def weighted(rng, options):
    total = sum(w for _, w in options)
    pick = rng.random() * total
    for value, weight in options:
        pick -= weight
        if pick < 0:
            return value
    return options[-1][0]


def hamza(name, rng):
    """One hamza written another way: on alef, at the end, or a bare initial alef given one."""
    sites = []
    for i, c in enumerate(name):
        if c in HAMZA_ALEF:
            sites.append((i, "alef"))
        elif c == "ء" and i == len(name) - 1 and i > 0 and name[i - 1] == "ا":
            sites.append((i, "final"))
        elif c == "ا" and (i == 0 or name[i - 1] == " ") and not name.startswith("ال", i):
            sites.append((i, "bare"))
    if not sites:
        return None
    i, kind = rng.choice(sites)
    if kind == "alef":
        return name[:i] + weighted(rng, HAMZA_ALEF[name[i]]) + name[i + 1:]
    if kind == "final":
        return name[:i]
    return name[:i] + weighted(rng, ALEF_GETS_HAMZA) + name[i + 1:]


def waw_hamza(name, rng):
    sites = [i for i, c in enumerate(name) if c == "ؤ"]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + weighted(rng, HAMZA_WAW) + name[i + 1:]


def ya_hamza(name, rng):
    sites = [i for i, c in enumerate(name) if c == "ئ"]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + weighted(rng, HAMZA_YA) + name[i + 1:]


def _word_ends(name):
    return [i for i, c in enumerate(name) if i == len(name) - 1 or name[i + 1] == " "]


def alef_maqsura(name, rng):
    """ى and ي at the end of a word written for each other (مصطفى → مصطفي, علي → على)."""
    sites = [i for i in _word_ends(name) if name[i] in "ىي" and i > 0]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + ("ي" if name[i] == "ى" else "ى") + name[i + 1:]


def ta_marbuta(name, rng):
    """ة written as ه at the end of a word (فاطمة → فاطمه), or now and then ه as ة (طه → طة)."""
    sites = [i for i in _word_ends(name) if name[i] == "ة"]
    if not sites:
        sites = [i for i in _word_ends(name) if name[i] == "ه" and i > 1]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + ("ه" if name[i] == "ة" else "ة") + name[i + 1:]


# Letters after which the line can be stretched with tatweel: those that join the next letter.
def _joins_next(c):
    return c in DUAL_JOINING


def tatweel(name, rng):
    sites = [i for i in range(len(name) - 1) if _joins_next(name[i]) and name[i + 1] in ARABIC_LETTERS]
    if not sites:
        return None
    out = name
    for i in sorted(rng.sample(sites, min(len(sites), rng.choice([1, 1, 2]))), reverse=True):
        out = out[:i + 1] + "ـ" * rng.choice([1, 1, 2, 3, 4]) + out[i + 1:]
    return out


HARAKAT = ["\u064e", "\u064f", "\u0650", "\u0652", "\u0651", "\u064b", "\u064d", "\u0651\u064e"]


def diacritics(name, rng):
    """Vowel marks, shadda and tanwin on some letters, as in a carefully vocalised document."""
    letters = [i for i, c in enumerate(name) if c in ARABIC_LETTERS]
    if not letters:
        return None
    marked = set(rng.sample(letters, max(1, int(len(letters) * rng.uniform(0.3, 0.9)))))
    return "".join(c + (rng.choice(HARAKAT) if i in marked else "") for i, c in enumerate(name))


# Invisible characters that ride along when text is copied from word processors, spreadsheets and web pages.
INVISIBLE = ["\u200c", "\u200d", "\u200b", "\u200f", "\u200e", "\ufeff", "\u061c", "\u00ad"]


def zero_width(name, rng):
    out = name
    for _ in range(rng.choice([1, 1, 2])):
        i = rng.randrange(0, len(out) + 1)
        out = out[:i] + rng.choice(INVISIBLE) + out[i:]
    return out


def embedding_marks(text, rng):
    """A whole text wrapped in direction controls, as pasted from a bidirectional editor."""
    return rng.choice(["\u202b", "\u2067", "\u200f"]) + text + rng.choice(["\u202c", "\u2069", "\u200f"])


# Presentation forms: text pasted from old PDFs and printing software, where every letter is stored in the shape
# it has at its place in the word. The shapes come from the Unicode character database (their compatibility
# decompositions), not from any table of Takamul's.
FORMS = {}
LIGATURES = {}
for _cp in range(0xFE80, 0xFEFD):
    _decomposition = unicodedata.decomposition(chr(_cp)).split()
    if len(_decomposition) < 2:
        continue
    _tag, _letters = _decomposition[0], "".join(chr(int(h, 16)) for h in _decomposition[1:])
    if len(_letters) == 1:
        FORMS.setdefault(_letters, {})[_tag] = chr(_cp)
    else:
        LIGATURES.setdefault(_letters, {})[_tag] = chr(_cp)
DUAL_JOINING = {base for base, forms in FORMS.items() if "<initial>" in forms}


def presentation_forms(name, rng):
    out = []
    i = 0
    while i < len(name):
        c = name[i]
        previous = name[i - 1] if i > 0 else " "
        joined_before = previous in DUAL_JOINING
        pair = name[i:i + 2]
        if pair in LIGATURES:
            out.append(LIGATURES[pair]["<final>" if joined_before else "<isolated>"])
            i += 2
            continue
        forms = FORMS.get(c)
        if not forms:
            out.append(c)
            i += 1
            continue
        following = name[i + 1] if i + 1 < len(name) else " "
        joined_after = c in DUAL_JOINING and following in FORMS
        tag = ("<medial>" if joined_after else "<final>") if joined_before else (
            "<initial>" if joined_after else "<isolated>")
        out.append(forms.get(tag) or forms["<isolated>"])
        i += 1
    shaped = "".join(out)
    return shaped if shaped != name else None


# --- Compound names and the article ------------------------------------------------------------------------------

COMPOUND_FIRST_WORDS = ("عبد", "أبو", "ابو", "بني")
COMPOUND_SECOND_WORDS = ("الدين", "الله", "الهدى")


def compound_join(name, rng):
    """A name of two words written as one (عبد الله → عبدالله, عز الدين → عزالدين, أبو بكر → أبوبكر)."""
    if " " not in name:
        return None
    return name.replace(" ", "", 1)


def compound_split(name, rng):
    """A name of two words written as one put back apart: the reverse of compound_join on the stored record."""
    for first in COMPOUND_FIRST_WORDS:
        if name.startswith(first) and len(name) > len(first) + 2 and name[len(first)] != " ":
            return name[:len(first)] + " " + name[len(first):]
    for second in COMPOUND_SECOND_WORDS:
        at = name.find(second, 2)
        if at > 0 and name[at - 1] != " ":
            return name[:at] + " " + name[at:]
    return None


def article_dropped(name, rng):
    if name.startswith("ال") and len(name) >= 5:
        return name[2:]
    return None


def article_added(name, rng):
    if name.startswith("ال") or " " in name:
        return None
    return "ال" + name


# --- Slips of the hand and of the eye --------------------------------------------------------------------------

# Letters that differ only by their dots: read wrong from handwriting, or a dot forgotten. ي shares its shape with
# ب ت ث ن only at the start or in the middle of a word.
DOT_GROUPS = ["بتثن", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق"]
DOT_MEDIAL_YA = "بتثني"

# The Arabic keyboard as printed on a standard PC keyboard, top letter row to bottom; each row sits half a key to
# the right of the one above, so a key touches two keys above it and two below.
KEY_ROWS = [
    "ضصثقفغعهخحجد",
    "شسيبلاتنمكط",
    "ئءؤر\0ىةوزظ",   # \0: the لا key, which types two letters
]


def _key_neighbours():
    position = {}
    for r, row in enumerate(KEY_ROWS):
        for c, key in enumerate(row):
            if key != "\0":
                position[key] = (r, c)
    neighbours = {}
    for key, (r, c) in position.items():
        near = []
        for other, (r2, c2) in position.items():
            if other == key:
                continue
            if r2 == r and abs(c2 - c) == 1:
                near.append(other)
            elif r2 == r - 1 and c2 in (c, c + 1):
                near.append(other)
            elif r2 == r + 1 and c2 in (c - 1, c):
                near.append(other)
        neighbours[key] = near
    return neighbours


KEY_NEIGHBOURS = _key_neighbours()


def _letter_positions(name):
    return [i for i, c in enumerate(name) if c in ARABIC_LETTERS]


def dots(name, rng):
    sites = []
    for i, c in enumerate(name):
        medial = i + 1 < len(name) and name[i + 1] != " "
        for group in DOT_GROUPS:
            if c in group:
                sites.append((i, group))
        if medial and c in DOT_MEDIAL_YA:
            sites.append((i, DOT_MEDIAL_YA))
    if not sites:
        return None
    i, group = rng.choice(sites)
    return name[:i] + rng.choice([g for g in group if g != name[i]]) + name[i + 1:]


def keyboard(name, rng):
    sites = [i for i in _letter_positions(name) if KEY_NEIGHBOURS.get(name[i])]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + rng.choice(KEY_NEIGHBOURS[name[i]]) + name[i + 1:]


# The three keys of the Arabic (101) keyboard whose Shift layer holds a letter of a name: أ on the ا key (H), إ on the
# غ key (Y), آ on the ى key (N). An initial hamza is typed by finding the right one of the three and holding Shift,
# which is where a name's first letter goes wrong most: Shift missed, or the right Shift on the wrong key.
SHIFTED = {"ا": "أ", "غ": "إ", "ى": "آ"}
UNSHIFTED = {shifted: key for key, shifted in SHIFTED.items()}


def first_letter_keyboard(name, rng):
    """The first letter of the name (after its article) typed wrong on the keyboard as printed, Shift layer included:
    a neighbouring key (ؤنا for رنا), Shift missed (غسحاق for إسحاق), or another alef key without Shift (ىسحاق for
    إسحاق, the آ key). The first letter is the one people type before they look at the screen."""
    start = 2 if name.startswith("ال") and len(name) >= 5 else 0
    c = name[start]
    if c in UNSHIFTED:
        key = UNSHIFTED[c]
        options = [key, key] + [other for other in SHIFTED if other != key]
    else:
        key, options = c, []
    neighbours = KEY_NEIGHBOURS.get(key, [])
    options += neighbours + [SHIFTED[k] for k in neighbours if k in SHIFTED]
    options = [o for o in options if o != c]
    if not options:
        return None
    return name[:start] + rng.choice(options) + name[start + 1:]


def short_dropped(name, rng):
    """A letter after the first left out of a name of three letters (حس for حسن, عل for علي): the slip
    dropped_letter leaves out, since a two-letter word is a weak clue."""
    sites = _letter_positions(name)
    if len(sites) != 3 or " " in name:
        return None
    i = rng.choice(sites[1:])
    return name[:i] + name[i + 1:]


def dropped_letter(name, rng):
    sites = _letter_positions(name)[1:]
    if len(sites) < 3:
        return None
    i = rng.choice(sites)
    out = name[:i] + name[i + 1:]
    return out.replace("  ", " ").strip()


def doubled_letter(name, rng):
    sites = _letter_positions(name)
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i + 1] + name[i] + name[i + 1:]


def swapped_letters(name, rng):
    sites = [i for i in _letter_positions(name)[1:] if i + 1 < len(name) and name[i + 1] in ARABIC_LETTERS
             and name[i + 1] != name[i]]
    if not sites:
        return None
    i = rng.choice(sites)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


# --- Numbers ---------------------------------------------------------------------------------------------------

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"


def indic_digits(number, rng):
    digits = ARABIC_INDIC if rng.random() < 0.8 else EXTENDED_ARABIC_INDIC
    return "".join(digits[int(d)] for d in number)


def number_slip(number, rng):
    """One digit typed wrong (a neighbouring key on the number row or pad, or any other), or two swapped."""
    digits = list(number)
    if rng.random() < 0.2:
        sites = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
        if sites:
            i = rng.choice(sites)
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            return "".join(digits)
    i = rng.randrange(1, len(digits))
    d = int(digits[i])
    near = [x for x in (d - 1, d + 1, d - 3, d + 3) if 0 <= x <= 9] if rng.random() < 0.7 else \
        [x for x in range(10) if x != d]
    digits[i] = str(rng.choice(near))
    return "".join(digits)


ORTHOGRAPHY = {
    "hamza": hamza, "alef_maqsura": alef_maqsura, "ta_marbuta": ta_marbuta, "waw_hamza": waw_hamza,
    "ya_hamza": ya_hamza, "tatweel": tatweel, "diacritics": diacritics, "zero_width": zero_width,
    "presentation_forms": presentation_forms,
}
SLIPS = {
    "dots": dots, "keyboard": keyboard, "dropped_letter": dropped_letter, "doubled_letter": doubled_letter,
    "swapped_letters": swapped_letters,
}
