"""The tolerant parse and its early-stop companion ``json_settled``."""
import pytest

from edgebench.parsing import EMPTY, INVALID_JSON, NO_JSON, WRONG_TYPE, extract_json, json_settled

TEXTS = [
    'Sure! {"name": "Ann", "age": 31} and then some chatter {"x": 2}',
    '```json\n{"title": "Invoice", "total": 12.5, "items": [1, 2]}\n```\nExplanation: {"a": 1}',
    'Here {name: Ann} is wrong, but {"name": "Ann"} is right.',
    '{"outer": {"inner": 1}, "more": [true, false, null]} trailing',
    '{"a": {"b": 1} oops, {"c": -1.5e-3}',
    '[{"name": "f", "arguments": {}}] then {"name": "g"}',
    '{"price": -Infinity, "n": NaN} {"ok": 1}',
    '{"s": "a \\"quoted\\" } brace", "u": "\\u00e9"} x',
    'no json here at all',
    '{"unterminated": "string that never ends',
    '[1, 2, 3] and [4]',
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("want", [(dict,), (list, dict), (list,)])
def test_a_settled_prefix_parses_as_the_whole_text(text, want):
    """Generation may stop at the first settled prefix: the score must not change."""
    for end in range(1, len(text) + 1):
        prefix = text[:end]
        if json_settled(prefix, want):
            assert extract_json(prefix, want) == extract_json(text, want), (prefix, want)


def test_settled_comes_as_soon_as_the_answer_is_complete():
    text = 'Sure! {"name": "Ann"} and more'
    close = text.index("}") + 1
    assert not json_settled(text[:close - 1])
    assert json_settled(text[:close])
    # an earlier opener that fails only because the text ran out keeps the answer open
    assert not json_settled('{"a": {"b": 1}')
    assert not json_settled('{"a": tru')
    assert not json_settled('{"n": 1e')  # "1e5" may still come
    assert not json_settled("")


def test_the_first_value_in_text_order_wins():
    assert extract_json('first {"a": 1}\n```json\n{"b": 2}\n```') == ({"a": 1}, None)
    assert extract_json('```json\n{"b": 2}\n```') == ({"b": 2}, None)
    assert extract_json('[1] then {"a": 1}', want=(dict,)) == ({"a": 1}, None)
    assert extract_json('[{"a": 1}]', want=(list, dict)) == ([{"a": 1}], None)


@pytest.mark.parametrize("text, error", [
    ("", EMPTY), ("   ", EMPTY), ("no brackets", NO_JSON), ('{"a": ', INVALID_JSON), ("[1, 2]", WRONG_TYPE),
])
def test_failures_are_typed(text, error):
    assert extract_json(text) == (None, error)
