"""The implementation cascade of a resolution or programme as a picture: resolution → programmes → goals → tasks →
lead agencies, laid out in five columns (server-side SVG, every node a link).

Tasks are stacked in the fourth column grouped by programme and goal; every other node sits at the mean height of
the nodes it links to (a one-pass barycentre layout), pushed apart so boxes never overlap. Labels wrap to two lines
and are truncated with "…"; the full label is the node's ``<title>``. Tasks with no ``pol:leadAgency`` point to one
"not stated" box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .labels import fetch_labels, local_path, select

PREFIXES = ("PREFIX pol: <https://w3id.org/policy-kg/ontology#>\n"
            "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n")
IMPLEMENTS = "eli:ensures_implementation_of|^eli:implementation_ensured_by"
COLUMNS = ("col_resolution", "col_programme", "col_goal", "col_task", "col_agency")
NOT_STATED = "not-stated"

BOX_WIDTH, BOX_HEIGHT, PITCH, GAP, MARGIN, HEADER = 212, 40, 48, 52, 16, 36
LINE_CHARS, LINES = 28, 2


@dataclass
class Node:
    key: str
    column: int
    label: str = ""
    href: str = ""
    y: float = 0.0
    lines: list[str] = field(default_factory=list)

    @property
    def x(self) -> int:
        return MARGIN + self.column * (BOX_WIDTH + GAP)


@dataclass
class Cascade:
    nodes: list[Node]
    edges: list[tuple[Node, Node]]
    width: int
    height: int
    headers: list[tuple[int, str]]


def wrap(label: str, width: int = LINE_CHARS, lines: int = LINES) -> list[str]:
    """Word-wrap ``label`` into at most ``lines`` lines of ``width`` characters, ending in "…" when cut."""
    words, out, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word if len(word) <= width else word[: width - 1] + "…"
        if len(out) == lines:
            break
    if current and len(out) < lines:
        out.append(current)
    if len(out) > lines or (len(out) == lines and " ".join(out) != " ".join(words)):
        out = out[:lines]
        last = out[-1]
        out[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return out


def collect(kg, iri: str, is_programme: bool) -> tuple[list[tuple[str, str]], dict]:
    """The programmes of the cascade and the rows linking them to resolutions, goals, tasks and lead agencies."""
    anchor = f"FILTER(?prog = <{iri}>)" if is_programme else f"FILTER(?res = <{iri}>)"
    docs = select(kg, PREFIXES + f"SELECT DISTINCT ?res ?prog WHERE {{ ?prog {IMPLEMENTS} ?res {anchor} }} ORDER BY ?prog")
    programmes = sorted({row["prog"].value for row in docs}) or ([iri] if is_programme else [])
    values = " ".join(f"<{p}>" for p in programmes)
    goals = select(kg, PREFIXES + f"SELECT DISTINCT ?prog ?goal WHERE {{ VALUES ?prog {{ {values} }} "
                                  "?prog pol:hasGoal|^pol:goalOf ?goal } ORDER BY ?prog ?goal") if values else []
    tasks = select(kg, PREFIXES + f"SELECT DISTINCT ?prog ?task ?goal ?lead WHERE {{ VALUES ?prog {{ {values} }} "
                                  "?task pol:taskOf|^pol:hasTask ?prog OPTIONAL { ?task pol:contributesTo ?goal } "
                                  "OPTIONAL { ?task pol:leadAgency ?lead } } ORDER BY ?prog ?task") if values else []
    return programmes, {"docs": docs, "goals": goals, "tasks": tasks}


def build(kg, iri: str, is_programme: bool, lang: str, not_stated: str, headers: list[str], link_root: str = "") -> Cascade | None:
    """Lay out the cascade of ``iri``; None when it has no programme to show."""
    programmes, found = collect(kg, iri, is_programme)
    if not programmes:
        return None
    nodes: dict[tuple[int, str], Node] = {}
    edges: set[tuple[tuple[int, str], tuple[int, str]]] = set()

    def node(column: int, key: str) -> tuple[int, str]:
        nodes.setdefault((column, key), Node(key, column))
        return column, key

    resolutions = sorted({row["res"].value for row in found["docs"]}) or ([] if is_programme else [iri])
    for row in found["docs"]:
        edges.add((node(0, row["res"].value), node(1, row["prog"].value)))
    for prog in programmes:
        node(1, prog)
    goal_of: dict[str, str] = {}
    for row in found["goals"]:
        goal_of[row["goal"].value] = row["prog"].value
        edges.add((node(1, row["prog"].value), node(2, row["goal"].value)))
    for row in found["tasks"]:
        task, prog = node(3, row["task"].value), row["prog"].value
        goal = row.get("goal")
        if goal is not None and goal_of.get(goal.value) == prog:
            edges.add((node(2, goal.value), task))
        else:
            edges.add((node(1, prog), task))
        lead = row.get("lead")
        edges.add((task, node(4, lead.value if lead is not None else NOT_STATED)))
    for res in resolutions:
        node(0, res)
    labels = fetch_labels(kg, [key for _, key in nodes if key != NOT_STATED], lang)
    base = kg.settings["base_iri"]
    for (column, key), item in nodes.items():
        item.label = not_stated if key == NOT_STATED else labels.get(key, key)
        path = local_path(key, base)
        item.href = "" if key == NOT_STATED else (link_root + path if path else key)
        item.lines = wrap(item.label)
    _layout(nodes, edges)
    height = int(max(n.y for n in nodes.values()) + BOX_HEIGHT + MARGIN)
    width = MARGIN * 2 + len(COLUMNS) * BOX_WIDTH + (len(COLUMNS) - 1) * GAP
    return Cascade(
        nodes=sorted(nodes.values(), key=lambda n: (n.column, n.y)),
        edges=sorted(((nodes[a], nodes[b]) for a, b in edges), key=lambda e: (e[0].column, e[0].y, e[1].y)),
        width=width, height=height,
        headers=[(MARGIN + i * (BOX_WIDTH + GAP), headers[i]) for i in range(len(COLUMNS))],
    )


def _layout(nodes: dict[tuple[int, str], Node], edges) -> None:
    """Place tasks in order, then every other column at the mean height of its neighbours, without overlaps."""
    parents: dict[tuple[int, str], list[tuple[int, str]]] = {}
    children: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for a, b in edges:
        children.setdefault(a, []).append(b)
        parents.setdefault(b, []).append(a)
    top = MARGIN + HEADER

    def rank_goal(key):
        prog = parents.get(key, [(1, "")])[0]
        return (prog[1], key[1])

    goal_rank = {key: rank_goal(key) for key in nodes if key[0] == 2}
    tasks = sorted((k for k in nodes if k[0] == 3), key=lambda k: (
        min((goal_rank.get(p, (p[1], "")) for p in parents.get(k, [])), default=("", "")), nodes[k].label))
    for index, key in enumerate(tasks):
        nodes[key].y = top + index * PITCH
    for column, neighbours in ((2, children), (4, parents), (1, children), (0, children)):
        keys = [k for k in nodes if k[0] == column]
        wanted = {}
        for key in keys:
            placed = [nodes[n].y for n in neighbours.get(key, []) if nodes[n].y]
            wanted[key] = sum(placed) / len(placed) if placed else top
        _spread([nodes[k] for k in sorted(keys, key=lambda k: (wanted[k], nodes[k].label))], wanted, top)


def _spread(ordered: list[Node], wanted: dict, top: float) -> None:
    floor = top
    for item in ordered:
        item.y = max(wanted[(item.column, item.key)], floor)
        floor = item.y + PITCH
