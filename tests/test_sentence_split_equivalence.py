"""The shortcuts in scrapers.sentences and attribution find what the plain searches they
replace find."""

from __future__ import annotations

import random
import re

from scrapers import sentences as se


def test_word_before_a_full_stop_is_the_trailing_run():
    rng = random.Random(3)
    alphabet = ["a", "B", "7", ".", " ", "\n", "é", "-", "_", "ſ"]
    texts = ["", "Inc", "U.S", "x" * 300, "a " + "y." * 200, "Mr\n", "J"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
              for _ in range(400)]
    for text in texts:
        for dot in range(0, len(text) + 1, max(1, len(text) // 25)):
            m = re.search(r"([\w.]+)$", text[:dot])
            assert se._word_before(text, dot) == (m.group(1) if m else None), (text, dot)


def test_block_intros_all_end_as_the_cheap_look_expects():
    for line in ["The statement reads:", "Its full statement", "The statement in full",
                 "She SAID :", "the following statement", "Xiaomi's response follows:",
                 "The ſtatement below"]:
        assert se._BLOCK_INTRO.search(line)
        assert se._BLOCK_INTRO_END.search(line.rstrip()[-12:]), line


def test_sentence_initial_walks_back_over_openers_like_rstrip():
    from scrapers.organisations import sentence_initial

    def stripped(text: str, pos: int) -> bool:
        before = text[:pos].rstrip(" \t“\"‘'(•-–—")
        return not before or before[-1] in ".!?:\n”\"’"

    rng = random.Random(1)
    alphabet = list(" \t“\"‘'(•-–—.!?:\n”’aB")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for pos in range(len(text) + 1):
            assert sentence_initial(text, pos) == stripped(text, pos), (text, pos)
