"""Rebuild resources/vocab/brands_simple_icons.txt and brands_ambiguous.txt from Simple Icons' brand list.

Simple Icons (https://simpleicons.org, CC0 1.0) curates ~3,500 brand names with their official spelling.
A name that is also a common English word ("Apple", "Shell", "Target", "Puma") goes to brands_ambiguous.txt,
which lint reads only for a capitalised name next to brand context ("Apple logo"); every other name goes to
brands_simple_icons.txt. "Common word" = a lower-case entry in Hunspell's en_US dictionary. Film and camera
gear used as look parameters (Kodak, ARRI, Sony ...) and first names, places and myths that happen to be
brands are left out, so "shot on Kodak" and "Julia walks" stay clean.

Usage (build-time only, not a runtime dependency):
  npm pack simple-icons@16.37.0 && tar -xzf simple-icons-16.37.0.tgz package/data/simple-icons.json
  apt-get install hunspell-en-us
  python scripts/vocab_brands.py package/data/simple-icons.json /usr/share/hunspell/en_US.dic
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

VOCAB = Path(__file__).resolve().parent.parent / "resources" / "vocab"
# Look parameters, not brands on screen (see brands.txt), and names that are people, places or myths first.
LEAVE_OUT = {
    "kodak", "fujifilm", "arri", "panavision", "cooke", "zeiss", "canon", "sony", "nikon", "leica", "red",
    "blackmagic design", "gopro", "dji", "dolby", "imax", "steadicam", "unreal engine", "unity", "blender",
    "octane", "houdini", "maya", "cinema 4d", "adobe", "after effects", "premiere pro", "davinci resolve",
    "ada", "alfred", "bruno", "charles", "claude", "conan", "cora", "hugo", "julia", "lucia", "ludwig", "lydia",
    "monica", "percy", "tina", "iceland", "jordan", "norwegian", "neptune", "saturn", "odin", "prometheus",
    "hermes", "proteus", "vega", "talos", "jovian", "kong", "lazarus", "castro", "argo", "gutenberg", "poe",
    "delphi", "zola", "kirby", "yale", "pearson", "norton", "abbott", "jameson", "gatsby", "jekyll", "joplin",
    "vivaldi", "oshkosh", "boulanger", "miro", "arlo", "hal", "sst", "pdq", "ce", "bt", "ens", "ty", "sui", "qq",
    "bim", "maas", "ieee", "iata", "fcc", "usps", "nasa", "f1", "powers", "iberia", "cbc",
}


# Phrases of common words that are first of all brands.
KEEP_PLAIN = {"red bull", "burger king", "taco bell", "new balance", "the north face", "rotten tomatoes",
              "premier league", "western union", "general electric", "raspberry pi", "star trek", "steam deck",
              "the weather channel", "the guardian", "world health organization", "national rail"}


def main(icons: str, dictionary: str) -> None:
    lower = set()
    for line in Path(dictionary).read_text(encoding="utf-8", errors="ignore").splitlines():
        word = line.split("/", 1)[0].strip()
        if word.islower():
            lower.add(word)
    def common(word: str) -> bool:
        """A dictionary word, or an inflection of one (Hunspell stores stems: "boots" is "boot" + S)."""
        w = word.lower()
        return w in lower or any(w.endswith(suf) and w[: len(w) - len(suf)] + rep in lower for suf, rep in (
            ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""),
            ("ly", ""), ("d", "")))

    plain, ambiguous = set(), set()
    for item in json.loads(Path(icons).read_text(encoding="utf-8")):
        title = " ".join(item["title"].split())
        key = title.lower()
        if key in LEAVE_OUT or len(key) < 3 or not re.search(r"[a-z]", key):
            continue
        words = title.split()
        if all(re.fullmatch(r"[A-Za-z]+", w) and common(w) for w in words) and key not in KEEP_PLAIN \
                and not key.startswith(("google ", "apple ")):
            ambiguous.add(title)
        else:
            plain.add(title)
    head = ("# SL041: brand names from Simple Icons 16.37.0 (https://simpleicons.org, data/simple-icons.json, "
            "CC0 1.0),\n"
            "# built by scripts/vocab_brands.py. {what}\n")
    (VOCAB / "brands_simple_icons.txt").write_text(
        head.format(what="Matched case-insensitively as whole words.") + "\n".join(sorted(plain, key=str.lower))
        + "\n", encoding="utf-8")
    (VOCAB / "brands_ambiguous.txt").write_text(
        head.format(what="Also common English words: matched only capitalised, next to brand context.")
        + "\n".join(sorted(ambiguous, key=str.lower)) + "\n", encoding="utf-8")
    print(f"{len(plain)} brands, {len(ambiguous)} ambiguous")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
