"""SPARQL text analysis before execution: the SERVICE/LOAD guard and the protocol's USING dataset.

Refuse SPARQL ``SERVICE`` (Federated Query) and ``LOAD`` (Update §3.1.4) to IRIs outside the allow-list.

pyoxigraph would fetch them over HTTP, which lets any client make the server call internal addresses. The check
runs before execution on a light tokenisation of the text (comments, strings and IRIs are recognised, so the word
SERVICE inside a literal is not a keyword): every SERVICE or LOAD must name an IRI, written in full or as a
prefixed name, that starts with an allow-listed prefix; a variable (``SERVICE ?endpoint``) is always refused.
"""

from __future__ import annotations

import re

from .errors import Forbidden, InputError

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<var>[?$]\w+)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_LINK = "https://www.w3.org/TR/sparql11-federated-query/"


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("comment",)]


def remote_targets(text: str) -> list[str | None]:
    """IRIs that SERVICE and LOAD in ``text`` would reach; None for a target that is not a fixed IRI."""
    prefixes = {(name or ""): iri for name, iri in _PREFIX_DECL.findall(text)}
    tokens = _tokens(text)
    targets: list[str | None] = []
    for index, (kind, value) in enumerate(tokens):
        if kind != "word" or value.upper() not in ("SERVICE", "LOAD"):
            continue
        following = tokens[index + 1:index + 3]
        if following and following[0][0] == "word" and following[0][1].upper() == "SILENT":
            following = following[1:]
        if not following:
            targets.append(None)
            continue
        target_kind, target = following[0]
        if target_kind == "iri":
            targets.append(target[1:-1])
        elif target_kind == "pname":
            prefix, _, local = target.partition(":")
            targets.append(prefixes[prefix] + local if prefix in prefixes else None)
        else:
            targets.append(None)
    return targets


def check_remote_access(text: str, allowlist: tuple[str, ...]) -> None:
    """Raise ``Forbidden`` when ``text`` would reach an IRI that no allow-list prefix covers."""
    for target in remote_targets(text):
        if target is None:
            raise Forbidden("SERVICE and LOAD must name a fixed IRI; a variable endpoint is refused", link=_LINK)
        if not any(target.startswith(prefix) for prefix in allowlist):
            raise Forbidden(
                f"SERVICE and LOAD may not reach {target}: it is not in the allow-list (setting service_allowlist)",
                link=_LINK,
            )


def _depth_zero_words(text: str) -> list[tuple[re.Match[str], str, str]]:
    """Keywords outside braces, each with the token just before it."""
    depth = 0
    previous = ""
    words = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "other" and value == "{":
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
        elif kind == "word" and depth == 0:
            words.append((match, value.upper(), previous))
        previous = value.upper()
    return words


def with_using_dataset(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """Apply ``using-graph-uri`` / ``using-named-graph-uri`` (SPARQL 1.1 Protocol §2.2.3) to an update.

    They act as ``USING`` / ``USING NAMED`` clauses on every DELETE/INSERT ... WHERE operation; an update that
    already has USING or WITH while the parameters are given is an error (400), as the protocol requires.
    """
    if not using and not using_named:
        return update
    words = _depth_zero_words(update)
    if any(word in ("USING", "WITH") for _, word, _ in words):
        raise InputError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the update")
    clause = " ".join([f"USING <{iri}>" for iri in using] + [f"USING NAMED <{iri}>" for iri in using_named]) + " "
    out, last = [], 0
    for match, word, previous in words:
        if word == "WHERE" and previous != "DELETE":
            out.append(update[last:match.start()])
            out.append(clause)
            last = match.start()
    out.append(update[last:])
    return "".join(out)
