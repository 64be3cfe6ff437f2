"""trainers.corpus.data.encode: a prompt that fits is kept whole; a long one loses tokens from its start only."""
from trainers.corpus.data import IGNORE, encode


class WordTokenizer:
    """One token per character: lengths are hand-countable."""
    eos_token_id = 0

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": [ord(c) for c in text]}


def test_a_prompt_longer_than_half_the_room_is_kept_whole():
    # prompt 60 + target 10 + eos = 71 <= 100: nothing may be cut (the old slice kept only the last 29 prompt tokens)
    example, truncated = encode(WordTokenizer(), "p" * 59 + "S", "t" * 10, 100, "src")
    assert not truncated
    assert len(example.input_ids) == 71 and example.input_ids[59] == ord("S")
    assert example.labels[:60] == [IGNORE] * 60 and example.labels[60:] == [ord("t")] * 10 + [0]


def test_a_too_long_prompt_loses_its_start_and_keeps_the_target():
    example, truncated = encode(WordTokenizer(), "a" * 50 + "b" * 50, "t" * 9, 60, "src")
    assert truncated
    assert len(example.input_ids) == 60
    assert example.input_ids[:50] == [ord("b")] * 50  # the last 50 prompt tokens, the first 50 gone
    assert example.input_ids[50:] == [ord("t")] * 9 + [0]
