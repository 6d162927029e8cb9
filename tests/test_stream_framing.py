"""The framings alone, without the codec: SSE events (stream/sse.py) and JSON-array elements (stream/array.py)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemini_wire.stream.array import ArrayFramer, Cut, Unexpected
from gemini_wire.stream.sse import Bare, Event, Named, Run, SseFramer

LINE_ENDS = {"LF": b"\n", "CRLF": b"\r\n", "CR": b"\r"}

# (data, places, id, ended): an event as a reader sees it, whichever path the framer took.
Seen = tuple[bytes, list[tuple[int, int]], str, bool]


def cut(body: bytes, cuts: list[int]) -> list[bytes]:
    """body in the pieces that the offsets cut it into."""
    return [body[a:b] for a, b in itertools.pairwise([0, *sorted(cuts), len(body)])]


# --------------------------------------------------------------------------- SSE


def sse_items(chunks: list[bytes]) -> list[Run | Event | Bare]:
    framer = SseFramer()
    items: list[Run | Event | Bare] = []
    for chunk in chunks:
        items += framer.feed(chunk)
    return items + list(framer.close())


def events(chunks: list[bytes]) -> list[Seen]:
    """Each event the framer gives for the stream in these chunks, runs taken apart."""
    seen: list[Seen] = []
    for item in sse_items(chunks):
        if isinstance(item, Run):
            seen += [(item.payload(k), [item.place(k)], item.id, True) for k in range(len(item.values))]
        else:
            assert isinstance(item, Event), item
            seen.append((item.data, item.places, item.id, item.ended))
    return seen


def whatwg(body: bytes) -> list[Seen]:
    """The events of https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation,
    read the plain way; and, as the framer does, the last event even without its blank line."""
    lines = re.split(rb"\r\n|\r|\n", body)
    if lines[-1] == b"":
        lines.pop()
    seen: list[Seen] = []
    data: list[bytes] = []
    places: list[tuple[int, int]] = []
    last_id = ""
    for number, line in enumerate(lines, 1):
        if not line:
            if data:
                seen.append((b"\n".join(data), places, last_id, True))
                data, places = [], []
        elif line.startswith(b":"):
            continue
        else:
            name, _, value = line.partition(b":")
            skip = len(name) + 2 if value[:1] == b" " else len(name) + 1
            value = line[skip:]
            if name == b"data":
                data.append(value)
                places.append((number, skip))
            elif name == b"id" and b"\0" not in value:
                last_id = value.decode("utf-8", "replace")
    if data:
        seen.append((b"\n".join(data), places, last_id, False))
    return seen


@pytest.mark.parametrize("end", LINE_ENDS.values(), ids=LINE_ENDS.keys())
def test_lf_crlf_and_cr_each_end_a_line(end: bytes) -> None:
    body = b"data: a" + end + end + b"data: b" + end + end
    assert events([body]) == [(b"a", [(1, 6)], "", True), (b"b", [(3, 6)], "", True)]


def test_a_cr_that_ends_one_read_and_a_lf_that_starts_the_next_are_one_line_end() -> None:
    assert events([b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]) == events([b"data: a\r\n\r\ndata: b\r\n\r\n"])


def test_the_data_lines_of_one_event_are_joined_with_lf() -> None:
    assert events([b"data: a\r\ndata:\r\ndata: c\r\n\r\n"]) == [(b"a\n\nc", [(1, 6), (2, 5), (3, 6)], "", True)]


def test_one_space_after_data_colon_is_not_data_and_a_second_is() -> None:
    assert [e[0] for e in events([b"data:a\n\ndata: a\n\ndata:  a\n\n"])] == [b"a", b"a", b" a"]


def test_a_comment_line_is_no_data() -> None:
    assert events([b": keep-alive\n\n:\ndata: a\n: more\n\n"]) == [(b"a", [(4, 6)], "", True)]


def test_the_event_field_names_a_type_that_changes_nothing() -> None:
    assert events([b"event: message\ndata: a\n\n"]) == [(b"a", [(2, 6)], "", True)]


def test_the_id_field_is_the_last_event_id_of_the_events_from_there_on() -> None:
    seen = events([b"data: a\n\nid: 7\ndata: b\n\ndata: c\n\n"])
    assert [(data, last_id) for data, _, last_id, _ in seen] == [(b"a", ""), (b"b", "7"), (b"c", "7")]


def test_an_id_holding_nul_is_ignored() -> None:
    assert events([b"id: 1\n\nid: 2\0\ndata: a\n\n"])[0][2] == "1"


def test_the_retry_field_sets_the_reconnection_time_when_it_is_all_digits() -> None:
    framer = SseFramer()
    list(framer.feed(b"retry: 3000\n\nretry: soon\n\nretry: " + b"9" * 19 + b"\n\n"))
    assert framer.retry == 3000


def test_an_unknown_field_is_ignored() -> None:
    assert events([b"foo: bar\nnocolon\ndata: a\n\n"]) == [(b"a", [(3, 6)], "", True)]


def test_lines_without_data_make_no_event() -> None:
    assert events([b"id: 1\n\n: c\n\nevent: x\n\n"]) == []


def test_the_servers_events_come_as_one_run() -> None:
    body = b"".join(b"data: {%d}\r\n\r\n" % k for k in range(5))
    (run,) = sse_items([body])
    assert isinstance(run, Run)
    assert [run.payload(k) for k in range(5)] == [b"{%d}" % k for k in range(5)]
    assert [run.place(k) for k in range(5)] == [(1, 6), (3, 6), (5, 6), (7, 6), (9, 6)]


def test_an_event_that_the_stream_ends_in_comes_at_close_without_its_blank_line() -> None:
    framer = SseFramer()
    assert list(framer.feed(b"data: a\n\ndata: b\n")) == [Run([b" a"], 1, "")]
    assert list(framer.close()) == [Event(b"b", [(3, 6)], "", ended=False)]


def test_a_line_that_starts_with_a_brace_ends_the_sse_with_the_bytes_from_it() -> None:
    items = sse_items([b"data: a\n\n", b'data: b\n{"error": {}}\n\n'])
    assert items[-2:] == [Event(b"b", [(3, 6)], "", ended=True), Bare(b'{"error": {}}\n\n', 4)]


def test_a_brace_line_after_the_last_blank_line_ends_the_sse_at_close() -> None:
    framer = SseFramer()
    assert list(framer.feed(b'data: a\n\n{"error": 1}')) == [Run([b" a"], 1, "")]
    assert list(framer.close()) == [Bare(b'{"error": 1}', 3)]


def test_a_feed_after_the_sse_ended_is_refused() -> None:
    framer = SseFramer()
    list(framer.feed(b'{"error": 1}\n\n'))
    with pytest.raises(ValueError, match="not SSE"):
        framer.feed(b"data: a\n\n")


@pytest.mark.parametrize("end", LINE_ENDS.values(), ids=LINE_ENDS.keys())
def test_a_cut_at_every_byte_gives_the_events_of_the_whole(end: bytes) -> None:
    body = end.join([b"data: a", b"", b": c", b"id: 3", b"data: b", b"data:", b"", b"data: c", b"", b"data: d"])
    whole = events([body])
    for at in range(1, len(body)):
        assert events(cut(body, [at])) == whole, at
    assert events([body[k : k + 1] for k in range(len(body))]) == whole


VALUE = st.binary(max_size=12).map(lambda b: re.sub(rb"[\r\n]", b"", b))
LINE = st.one_of(
    VALUE.map(lambda v: b"data:" + v),
    VALUE.map(lambda v: b"data: " + v),
    VALUE.map(lambda v: b":" + v),
    st.sampled_from([b"id: 1", b"id:two", b"event: message", b"retry: 10", b"other: x", b""]),
)
SSE_BODY = st.lists(st.tuples(LINE, st.sampled_from(list(LINE_ENDS.values()))), max_size=16).map(
    lambda lines: b"".join(line + end for line, end in lines if not line.startswith(b"{"))
)


@given(SSE_BODY, st.lists(st.integers(0, 200), max_size=8))
def test_any_cut_of_the_bytes_gives_the_same_events(body: bytes, cuts: list[int]) -> None:
    assert events(cut(body, [c for c in cuts if c <= len(body)])) == events([body])


@given(SSE_BODY)
def test_the_events_are_those_of_the_whatwg_algorithm(body: bytes) -> None:
    assert events([body]) == whatwg(body)


# --------------------------------------------------------------------------- Interactions' shape


def named_items(chunks: list[bytes], *, named: bool) -> list[Run | Named | Event | Bare]:
    framer = SseFramer(named=named)
    items: list[Run | Named | Event | Bare] = []
    for chunk in chunks:
        items += framer.feed(chunk)
    return items + list(framer.close())


def named_events(chunks: list[bytes], *, named: bool) -> list[tuple[bytes, list[tuple[int, int]], str, bool, str]]:
    """Each event with its `event:` name, runs taken apart, as a named framer or a plain one gives it."""
    seen: list[tuple[bytes, list[tuple[int, int]], str, bool, str]] = []
    for item in named_items(chunks, named=named):
        if isinstance(item, Named):
            seen += [(item.payload(k), [item.place(k)], item.event_id(k), True, item.name(k)) for k in range(len(item.values))]
        elif isinstance(item, Run):
            seen += [(item.payload(k), [item.place(k)], item.id, True, "") for k in range(len(item.values))]
        else:
            assert isinstance(item, Event), item
            seen.append((item.data, item.places, item.id, item.ended, item.name))
    return seen


def interactions_body(names: list[str], end: bytes = b"\n", order: str = "ed") -> bytes:
    """A stream of the Interactions API's usual shape: an `event:` and a `data:` line each (and an
    `id:` line, where `order` has an `i`: `eid` is event, id, data), then `data: [DONE]`."""
    out = []
    for k, n in enumerate(names):
        line = {"e": b"event: " + n.encode(), "d": b'data: {"event_type": "%s", "n": %d}' % (n.encode(), k), "i": b"id: e%d" % k}
        out.append(b"".join(line[f] + end for f in order) + end)
    return b"".join(out) + b"data: [DONE]" + end + end


@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_the_interactions_usual_events_come_as_named_runs(end: bytes) -> None:
    names = ["interaction.created", "step.start", *["step.delta"] * 20, "step.stop", "interaction.completed"]
    body = interactions_body(names, end)
    for chunks in ([body], cut(body, [len(body) // 3, 2 * len(body) // 3])):
        items = named_items(chunks, named=True)
        # Every event took the fast path: no Event, the Interactions events Named, [DONE] a Run.
        assert {type(item) for item in items} == {Named, Run}
        assert sum(len(item.names) for item in items if isinstance(item, Named)) == len(names)
        assert [item.payload(k) for item in items if isinstance(item, Run) for k in range(len(item.values))] == [b"[DONE]"]
    (first, done) = named_items([body], named=True)
    assert isinstance(first, Named)
    assert [first.name(k) for k in range(len(names))] == names
    assert first.place(1) == (5, 6)
    assert done == Run([b" [DONE]"], 3 * len(names) + 1, "")


@pytest.mark.parametrize("order", ["eid", "ied", "edi"])
@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_the_interactions_events_with_an_id_line_come_as_named_runs_too(end: bytes, order: str) -> None:
    names = ["interaction.created", *["step.delta"] * 10, "interaction.completed"]
    body = interactions_body(names, end, order)
    for chunks in ([body], cut(body, [len(body) // 3, 2 * len(body) // 3])):
        items = named_items(chunks, named=True)
        assert {type(item) for item in items} == {Named, Run}
        assert [item.event_id(k) for item in items if isinstance(item, Named) for k in range(len(item.names))] == [f"e{k}" for k in range(len(names))]
        assert [item.id for item in items if isinstance(item, Run)] == [f"e{len(names) - 1}"]  # [DONE] after the last id
    (first, _) = named_items([body], named=True)
    assert isinstance(first, Named)
    assert first.place(1) == (5 + order.index("d"), 6)
    assert named_events([body], named=True) == named_events([body], named=False)


def test_a_plain_framer_gives_the_interactions_events_one_by_one() -> None:
    items = named_items([interactions_body(["step.delta"] * 3)], named=False)
    assert [type(item) for item in items] == [Event, Event, Event, Run]


NAME = st.sampled_from([b"step.delta", b"interaction.created", b"", b"x:y", b"\xff"])
NAMED_EVENT = st.one_of(
    st.tuples(NAME, VALUE, st.sampled_from([b"event: ", b"event:"]), st.sampled_from([b"data: ", b"data:"])).map(
        lambda e: [e[2] + e[0], e[3] + e[1], b""]
    ),
    st.tuples(NAME, LINE).map(lambda e: [b"event: " + e[0], e[1], b""]),  # another line where data should be
    st.tuples(LINE, VALUE).map(lambda e: [e[0], b"data: " + e[1], b""]),  # ... or where the event line should be
    VALUE.map(lambda v: [b"data: " + v, b""]),
    st.lists(LINE, min_size=1, max_size=3),
    # With an `id:` line (an empty ID, one with a NUL that WHATWG ignores), in any order.
    st.tuples(NAME, VALUE, st.sampled_from([b"id: 7", b"id:v1_a:3", b"id:", b"id: a\0b"]), st.permutations([0, 1, 2])).map(
        lambda e: [[b"event: " + e[0], b"data: " + e[1], e[2]][k] for k in e[3]] + [b""]
    ),
)
NAMED_BODY = st.tuples(
    st.lists(NAMED_EVENT, max_size=10).map(lambda events: [line for event in events for line in event]),
    st.sampled_from(list(LINE_ENDS.values())),
    st.lists(st.sampled_from(list(LINE_ENDS.values())), max_size=3),
    st.data(),
).map(lambda t: mixed(t[0], t[1], t[2], t[3]))


def mixed(lines: list[bytes], end: bytes, others: list[bytes], data: st.DataObject) -> bytes:
    """The lines with one line end, but for a few lines ending otherwise."""
    ends = [end] * len(lines)
    for other in others:
        if lines:
            ends[data.draw(st.integers(0, len(lines) - 1))] = other
    return b"".join(line + e for line, e in zip(lines, ends, strict=True))


@given(NAMED_BODY, st.lists(st.integers(0, 400), max_size=8))
def test_the_named_fast_path_gives_the_whatwg_events_for_any_cut(body: bytes, cuts: list[int]) -> None:
    whole = named_events([body], named=False)
    assert named_events(cut(body, [c for c in cuts if c <= len(body)]), named=True) == whole
    assert named_events([body], named=True) == whole


ID_EVENTS = st.tuples(
    st.lists(st.tuples(NAME, VALUE, st.sampled_from([b"7", b"v1_a:3", b"", b"a\0b", b" e"])), min_size=1, max_size=8),
    st.permutations([0, 1, 2]),  # where an event's event, data and id lines are
    st.sampled_from([b"\n", b"\r\n"]),
    st.booleans(),  # `data: [DONE]` at the end
).map(
    lambda t: b"".join(
        b"".join([b"event: " + name, b"data:" + value, b"id: " + event_id][k] + t[2] for k in t[1]) + t[2]
        for name, value, event_id in t[0]
    )
    + (b"data: [DONE]" + t[2] * 2 if t[3] else b"")
)


@given(ID_EVENTS, st.lists(st.integers(0, 400), max_size=8))
def test_events_with_an_id_line_take_the_fast_path_and_give_the_whatwg_events_for_any_cut(body: bytes, cuts: list[int]) -> None:
    whole = named_events([body], named=False)
    assert named_events(cut(body, [c for c in cuts if c <= len(body)]), named=True) == whole
    assert all(type(item) in (Named, Run) for item in named_items([body], named=True))


ALMOST = {
    "a line where the blank line should be": b"event: a\ndata: x\nid: 1\nevent: b\ndata: y\n\n",
    "a CR alone in a LF stream": b"event: a\ndata: x\rdata: y\n\nevent: b\ndata: z\n\n",
    "a CRLF in a LF stream": b"event: a\ndata: x\r\n\nevent: b\ndata: z\n\n",
    "CRLF line ends, then LF": b"event: a\r\ndata: x\r\n\r\nevent: b\r\ndata: y\n\nevent: c\ndata: z\n\n",
    "a LF alone in a CRLF stream": b"event: a\r\ndata: x\ndata: y\r\n\r\nevent: b\r\ndata: z\r\n\r\n",
    "a data-only event between": b"event: a\ndata: x\n\ndata: [DONE]\n\nevent: b\ndata: y\n\n",
    "a comment inside": b"event: a\n: c\ndata: x\n\nevent: b\ndata: y\n\n",
    "an id line in one event": b"event: a\nid: 7\ndata: x\n\nevent: b\ndata: y\n\n",
    "id lines in another order": b"event: a\nid: 7\ndata: x\n\nid: 8\nevent: b\ndata: y\n\n",
    "an id line with a NUL": b"event: a\nid: 7\ndata: x\n\nevent: b\nid: \x008\ndata: y\n\n",
    "two id lines": b"event: a\nid: 7\nid: 8\ndata: x\n\nevent: b\nid: 9\ndata: y\n\n",
    "an id line alone": b"id: 7\n\nevent: b\ndata: y\n\n",
    "a comment between": b"event: a\ndata: x\n\n: keep-alive\n\nevent: b\ndata: y\n\n",
    "two data lines": b"event: a\ndata: x\ndata: y\n\nevent: b\ndata: z\n\n",
    "no data line": b"event: a\nevent: b\ndata: y\n\nevent: c\ndata: z\n\n",
    "an event line alone": b"event: a\n\nevent: b\ndata: y\n\n",
}


@pytest.mark.parametrize("body", ALMOST.values(), ids=ALMOST.keys())
def test_events_of_almost_the_usual_shape_are_the_whatwg_ones_for_any_cut(body: bytes) -> None:
    whole = named_events([body], named=False)
    assert named_events([body], named=True) == whole
    for at in range(1, len(body)):
        assert named_events(cut(body, [at]), named=True) == whole, at


@pytest.mark.parametrize("end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_a_cut_at_every_byte_of_an_interactions_stream_gives_the_events_of_the_whole(end: bytes) -> None:
    body = interactions_body(["interaction.created", "step.delta", "step.delta"], end) + b"event: x" + end + b"data: {}"
    whole = named_events([body], named=False)
    for at in range(1, len(body)):
        assert named_events(cut(body, [at]), named=True) == whole, at
    assert named_events([body[k : k + 1] for k in range(len(body))], named=True) == whole


# --------------------------------------------------------------------------- JSON array


def take_objects(taken: list[bytes]) -> Any:
    """A take() that takes the pieces that are JSON objects alone, as the decoder takes responses."""

    def take(pieces: list[bytes]) -> int:
        for k, piece in enumerate(pieces):
            try:
                whole = isinstance(msgspec.json.decode(piece), dict)
            except msgspec.DecodeError:
                whole = False
            if not whole:
                return k
            taken.append(piece)
        return len(pieces)

    return take


def take_none(pieces: list[bytes]) -> int:
    return 0


def elements(chunks: list[bytes], *, bare: bool = False, runs: bool = True) -> list[Any]:
    """The elements the framer gives (taken or not), as JSON values."""
    framer = ArrayFramer(bare=bare)
    got: list[bytes] = []
    take = take_objects(got) if runs else take_none
    for chunk in chunks:
        for element in framer.feed(chunk, take):
            got.append(element)
    for element in framer.close(take):
        got.append(element)
    return [json.loads(e) for e in got]


def test_each_element_of_the_array_is_given_whole() -> None:
    assert elements([b'[{"a": 1},{"b": [2, {"c": 3}]}]']) == [{"a": 1}, {"b": [2, {"c": 3}]}]


def test_brackets_and_braces_inside_strings_do_not_end_an_element() -> None:
    body = b'[{"a": "}]", "b": "{[", "c": ["]"]}]'
    assert elements([body], runs=False) == [{"a": "}]", "b": "{[", "c": ["]"]}]
    assert elements(cut(body, [3, 8, 14]), runs=False) == elements([body])


def test_an_escaped_quote_does_not_end_a_string() -> None:
    body = b'[{"a": "say \\"}\\" then"}]'
    assert elements([body[k : k + 1] for k in range(len(body))]) == [{"a": 'say "}" then'}]


def test_a_quote_after_an_escaped_backslash_ends_the_string() -> None:
    body = b'[{"a": "dir\\\\"}, {"b": "}"}]'
    assert elements([body[k : k + 1] for k in range(len(body))]) == [{"a": "dir\\"}, {"b": "}"}]


def test_whitespace_around_elements_and_separators_is_skipped() -> None:
    body = b' \r\n[ \t{"a": 1}\n,\r\n {"b": 2} \n ,{"c": 3}\n]\r\n '
    assert elements([body]) == [{"a": 1}, {"b": 2}, {"c": 3}]


def test_the_pieces_between_the_servers_separators_are_offered_to_take_in_one_list() -> None:
    offered: list[list[bytes]] = []

    def take(pieces: list[bytes]) -> int:
        offered.append(pieces)
        return len(pieces)

    framer = ArrayFramer()
    assert list(framer.feed(b'[{"a": 1}\n,\r\n{"b": 2}\n,\r\n{"c"', take)) == []
    assert offered == [[b'{"a": 1}', b'{"b": 2}']]


def test_a_piece_that_take_does_not_take_is_framed_by_the_scanner() -> None:
    # The separator inside the first element makes its pieces no elements: take refuses them.
    body = b'[{"a": [1\n,\r\n2]}\n,\r\n{"b": 2}\n,\r\n{"c": 3}]'
    assert elements([body]) == [{"a": [1, 2]}, {"b": 2}, {"c": 3}]


def test_the_place_of_an_element_is_its_line_and_the_bytes_before_it() -> None:
    framer = ArrayFramer()
    places = [framer.place() for _ in framer.feed(b'[{"a": 1},\n  {"b": 2}]', take_none)]
    assert places == [(1, 1), (2, 2)]


def test_bare_objects_follow_one_another_without_an_array() -> None:
    assert elements([b'{"a": 1}\n{"b": 2}'], bare=True) == [{"a": 1}, {"b": 2}]


@pytest.mark.parametrize(
    ("body", "expected", "place"),
    [
        (b'[{"a": 1} {"b": 2}]', "a `,` between two elements", (1, 10)),
        (b'[{"a": 1}] x', "nothing after the closing `]`", (1, 11)),
        (b"[1]", "an element (a JSON object)", (1, 1)),
        (b'[{"a": 1};', "`,` or `]`", (1, 9)),
    ],
    ids=["missing comma", "after the end", "not an object", "bad punctuation"],
)
def test_a_byte_the_array_does_not_allow_is_unexpected_where_it_is(
    body: bytes, expected: str, place: tuple[int, int]
) -> None:
    framer = ArrayFramer()
    with pytest.raises(Unexpected) as raised:
        list(itertools.chain(framer.feed(body, take_none), framer.close(take_none)))
    assert (raised.value.expected, chr(raised.value.byte), raised.value.place) == (expected, chr(body[place[1]]), place)


def test_a_bare_stream_allows_only_objects() -> None:
    with pytest.raises(Unexpected) as raised:
        list(ArrayFramer(bare=True).feed(b'{"a": 1}\n[', take_none))
    assert (raised.value.expected, raised.value.place) == ("a JSON object", (2, 0))


def test_an_array_that_ends_without_its_closing_bracket_is_cut_at_the_end() -> None:
    framer = ArrayFramer()
    list(framer.feed(b'[{"a": 1}\n', take_none))
    with pytest.raises(Cut) as raised:
        list(framer.close(take_none))
    assert (raised.value.inside, raised.value.place) == (False, (2, 0))


def test_a_stream_that_ends_inside_an_element_is_cut_at_its_start() -> None:
    framer = ArrayFramer()
    list(framer.feed(b'[{"a": 1},\n {"b": "}', take_none))
    with pytest.raises(Cut) as raised:
        list(framer.close(take_none))
    assert (raised.value.inside, raised.value.place) == (True, (2, 1))


@pytest.mark.parametrize("runs", [True, False], ids=["runs", "scanner"])
def test_a_cut_at_every_byte_gives_the_elements_of_the_whole(runs: bool) -> None:
    body = b'[{"a": "x\\"]}"}\n,\r\n{"b": [1, {"c": "\\\\"}]}\n,\r\n{}\n]'
    whole = elements([body], runs=runs)
    assert len(whole) == 3
    for at in range(1, len(body)):
        assert elements(cut(body, [at]), runs=runs) == whole, at
    assert elements([body[k : k + 1] for k in range(len(body))], runs=runs) == whole


TEXT = st.text(alphabet=st.sampled_from('ab"\\{}[]:, \n\t\u00e9\u6570'), max_size=8)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
OBJECTS = st.lists(st.dictionaries(TEXT, JSON, max_size=4), min_size=1, max_size=6)
SEPARATORS = st.sampled_from([",", "\n,\r\n", " , ", ",\n"])


@given(OBJECTS, st.data())
def test_the_elements_are_the_objects_the_array_holds_for_any_cut(objects: list[Any], data: st.DataObject) -> None:
    indent = data.draw(st.sampled_from([None, 1]), label="indent")
    separator = data.draw(SEPARATORS, label="separator")
    body = ("[" + separator.join(json.dumps(o, indent=indent, ensure_ascii=False) for o in objects) + "\n]").encode()
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=8), label="cuts")
    assert elements(cut(body, cuts)) == objects
