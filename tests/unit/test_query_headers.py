"""Every query file's header, without a server: it parses, it names its file, it declares exactly the parameters the
query uses; and a file with no header, a malformed header or an unknown key fails naming the file."""

from __future__ import annotations

import re

import pytest

import queries
from queries import QueryError, UnknownQuery, parse

ALL = queries.names()
ANALYST = [n for n in ALL if n.startswith("analyst/")]
# `$name` is a parameter; `$(expr)` is a dynamic label or type, which is not.
PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

GOOD = """\
// name: analyst/99-example
// description: An example.
// mode: read
// param: actor | "lloyd-austin" | an actor id
// returns: one row
MATCH (n:Entity {id: $actor}) RETURN n
"""


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def test_the_library_is_not_empty() -> None:
    assert "schema" in ALL
    assert len(ANALYST) >= 9


@pytest.mark.parametrize("name", ALL)
def test_header_parses_and_names_its_file(name: str) -> None:
    query = queries.load(name)
    assert query.name == name
    assert query.description and query.returns
    assert query.mode in ("read", "write", "schema")


@pytest.mark.parametrize("name", ALL)
def test_header_declares_exactly_the_parameters_the_query_uses(name: str) -> None:
    query = queries.load(name)
    used = set(PARAM_USE.findall(_body(query.text)))
    declared = {p.name for p in query.params}
    assert used == declared, f"queries/{name}.cypher: uses {sorted(used)} but its header declares {sorted(declared)}"


@pytest.mark.parametrize("name", ANALYST)
def test_analyst_query_is_a_numbered_read_question(name: str) -> None:
    query = queries.load(name)
    assert re.fullmatch(r"analyst/\d\d-[a-z0-9]+(-[a-z0-9]+)*", name), f"queries/{name}.cypher: not NN-slug"
    assert query.mode == "read", f"queries/{name}.cypher: analyst queries only read"
    assert query.description.startswith(f"Question {int(name[8:10])}:"), f"queries/{name}.cypher: plain question"
    for param in query.params:  # Browser runs it only once the parameter is set: the header shows how
        assert f":param {param.name}" in query.description or f"{param.name}:" in query.description, (
            f"queries/{name}.cypher: description gives no :param line for ${param.name}"
        )


def test_analyst_parameters_share_one_example_per_name() -> None:
    """One `:params` command sets them all (guide, post-connect command): a name means one default."""
    seen: dict[str, tuple[str, object]] = {}
    for name in ANALYST:
        for p in queries.load(name).params:
            first = seen.setdefault(p.name, (name, p.example))
            assert first[1] == p.example, f"${p.name}: {first[0]} says {first[1]!r}, {name} says {p.example!r}"


def test_a_good_header_parses() -> None:
    query = parse("analyst/99-example", GOOD)
    assert query.examples == {"actor": "lloyd-austin"}


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        pytest.param("MATCH (n) RETURN n\n", "header is missing", id="no-header"),
        pytest.param(GOOD.replace("// mode: read\n", ""), "missing mode", id="missing-mode"),
        pytest.param(
            GOOD.replace("// name: analyst/99-example", "// name: analyst/98-other"),
            "does not match",
            id="name-mismatch",
        ),
        pytest.param(GOOD.replace("mode: read", "mode: readonly"), "mode must be", id="bad-mode"),
        pytest.param(GOOD.replace('| "lloyd-austin" |', "| lloyd-austin |"), "not JSON", id="param-example-not-json"),
        pytest.param(
            GOOD.replace('actor | "lloyd-austin" | an actor id', "actor"), "param must be", id="param-without-fields"
        ),
        pytest.param(
            GOOD.replace("// returns: one row", "// returns: one row\n// returns: two"),
            "given twice",
            id="duplicate-key",
        ),
        pytest.param(
            GOOD.replace("// mode: read", "// mode: read\n// author: someone"),
            "unknown header key 'author'",
            id="unknown-key",
        ),
        pytest.param(
            GOOD.replace("// name: analyst/99-example", "// name analyst/99-example"),
            "unknown header key",
            id="malformed-line",
        ),
    ],
)
def test_a_bad_header_fails_naming_the_file(text: str, fault: str) -> None:
    with pytest.raises(QueryError) as error:
        parse("analyst/99-example", text)
    message = str(error.value)
    assert message.startswith("queries/analyst/99-example.cypher"), message
    assert fault in message, message


def test_an_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(UnknownQuery) as error:
        queries.load("analyst/00-no-such-question")
    message = str(error.value)
    assert "'analyst/00-no-such-question'" in message
    assert "analyst/02-channel-freeze-and-restore" in message
    assert error.value.known == ALL
