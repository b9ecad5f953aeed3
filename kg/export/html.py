"""Interactive HTML view of the knowledge graph: one offline page to explore it from an overview.

The page is a Jinja2 template (``templates/graph.html``, autoescaped) with vis-network's script
and style inlined from the copy bundled in the pyvis package, so it opens from disk with no
network; its own scripts are ``templates/*.js`` (:data:`_SCRIPTS`). Pages of more than
:data:`OVERVIEW_FROM` nodes open on an overview (:mod:`kg.export.overview`); every change of what
is shown is laid out again in the page up to :data:`LOCAL_LAYOUT_MAX` nodes, and larger views use
the deterministic layout computed here (:mod:`kg.export.layout`), so a 10,000-node page draws at
once instead of simulating in the browser. The view is kept in the URL fragment
(:mod:`kg.export.view_state`); search reads a word index built here (:mod:`kg.export.word_index`);
panels show related papers and any :class:`PanelSection` passed in (:mod:`kg.export.panel_sections`).
``docs/explorer.md`` describes the page as a reader meets it.

Untrusted text (titles, abstracts, names, URLs) reaches the page only as JSON data inside a
``<script type="application/json">`` element (:func:`script_json` escapes ``<``, ``>``, ``&`` and
U+2028/2029) and is put into the document with ``textContent``; links keep only http(s) URLs
(:func:`safe_url`); tooltips are plain strings, which vis-network renders as text. A
Content-Security-Policy forbids every request, so even injected markup could fetch nothing.

Views: the whole graph up to ``max_nodes`` (:data:`MAX_NODES`), beyond that the
:data:`FALLBACK_TOP` entities found in the most papers (with a note saying so); ``focus=`` shows
one node's ``hops``-neighbourhood, ``top=`` the N entities found in the most papers. A page whose
data would pass :data:`MAX_PAGE_BYTES` shows half as many nodes, until it fits.

Examples
--------
>>> script_json({"title": "</script><b>&"})
'{"title": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
>>> safe_url(" https://arxiv.org/abs/1706.03762 "), safe_url("javascript:alert(1)")
('https://arxiv.org/abs/1706.03762', None)
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("paper:p1", type="paper", label="A <b>title</b>", title="A <b>title</b>", abstract="")
>>> G.add_node("method:adam", type="method", label="Adam", aliases=["Adam"], papers=1)
>>> G.add_edge("paper:p1", "method:adam", key="uses", relation="uses")
'uses'
>>> page = render_html(G, title="<demo>")
>>> "<title>&lt;demo&gt;</title>" in page, "<b>title</b>" in page
(True, False)
"""
from __future__ import annotations

import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import networkx as nx
import numpy as np

from kg.entity_types import ENTITY_TYPES as _REGISTRY
from kg.entity_types import RELATIONS
from kg.export.atomic import atomic_write
from kg.export.layout import force_layout, layout_graph, separate
from kg.export.overview import overview_nodes
from kg.export.panel_sections import RELATED_MAX_PAPERS, NodeRef, PanelSection, related_rows, sections_data
from kg.export.view_state import parse_view_fragment, view_fragment
from kg.export.word_index import word_index

__all__ = [
    "ENTITY_TYPES",
    "FALLBACK_TOP",
    "LOCAL_LAYOUT_MAX",
    "MAX_NODES",
    "MAX_PAGE_BYTES",
    "NodeRef",
    "NotebookView",
    "OVERVIEW_FROM",
    "PanelSection",
    "View",
    "force_layout",
    "neighbourhood",
    "notebook_view",
    "page_data",
    "render_html",
    "resolve_node",
    "safe_url",
    "script_json",
    "select_view",
    "separate",
    "top_entities",
    "write_html",
]

from kg.export.page_size import MAX_NODES  # noqa: E402  (above it the full page falls back to the top-N view)
FALLBACK_TOP = 1_000  # entities shown by that fallback
MAX_PAGE_BYTES = 20_000_000  # a page's data is cut down until the page fits
LOCAL_LAYOUT_MAX = 2_500  # views of up to this many nodes are laid out in the page, larger ones ahead
OVERVIEW_FROM = 150  # pages with more nodes open on the overview, smaller ones show everything
ENTITY_TYPES = tuple(t.node_type for t in _REGISTRY.values() if t.cooccurs)
_PACKAGE = "kg.export"

# ``\u2028``/``\u2029`` end a line in old JavaScript parsers; ``<``/``>``/``&`` could close the
# script element or open a comment inside it.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_URL_SCHEMES = ("http", "https")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


def script_json(obj: Any) -> str:
    """JSON text of ``obj`` that is safe to place verbatim inside an HTML ``<script>`` element.

    Non-finite floats are refused (``JSON.parse`` rejects ``NaN``); non-ASCII characters are
    escaped, so lone surrogates in the input cannot break the page's UTF-8.

    Examples
    --------
    >>> script_json(["a\\u2028b", "x&y"])
    '["a\\\\u2028b", "x\\\\u0026y"]'
    """
    text = json.dumps(obj, ensure_ascii=True, allow_nan=False, sort_keys=True)
    return _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def safe_url(url: str | None) -> str | None:
    """``url`` stripped, if it is an absolute http(s) URL with a host; ``None`` otherwise.

    Examples
    --------
    >>> [safe_url(u) for u in ["http://x.org/a b", "HTTPS://x.org", "data:text/html,<b>", "//x.org"]]
    [None, 'HTTPS://x.org', None, None]
    """
    if not url:
        return None
    url = url.strip()
    if _CONTROL_OR_SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _URL_SCHEMES or not parts.hostname:
        return None
    return url


# -- which part of the graph to show ------------------------------------------------------------


def _papers(data: Mapping[str, Any]) -> int:
    value = data.get("papers", 0)
    return value if isinstance(value, int) else 0


def top_entities(G: nx.MultiDiGraph, n: int) -> list[Hashable]:
    """The ``n`` entity nodes found in the most papers (ties by id).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("method:a", {"type": "method", "papers": 1}), ("dataset:b", {"type": "dataset", "papers": 3}),
    ...                   ("paper:p", {"type": "paper"})])
    >>> top_entities(G, 1)
    ['dataset:b']
    """
    ranked = sorted((n_ for n_, d in G.nodes(data=True) if d.get("type") in ENTITY_TYPES),
                    key=lambda n_: (-_papers(G.nodes[n_]), str(n_)))
    return ranked[:n]


def resolve_node(G: nx.MultiDiGraph, name: str) -> Hashable:
    """The node called ``name``: its id, an entity by name (the query API's resolver,
    :class:`kg.graph.names.NameIndex`), or a paper by id or title. Raises ``KeyError`` naming close
    matches when nothing matches.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("dataset:cifar-10", type="dataset", label="CIFAR-10", aliases=["CIFAR10"], papers=2)
    >>> resolve_node(G, "cifar10"), resolve_node(G, "CIFAR 10"), resolve_node(G, "dataset:cifar-10")
    ('dataset:cifar-10', 'dataset:cifar-10', 'dataset:cifar-10')
    """
    from kg.graph.query import KnowledgeGraph

    if name in G:
        return name
    kg = KnowledgeGraph(G)
    found = kg._resolve(name) or kg._paper(name)
    if found is None:
        close = kg._names.suggestions(name)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"no node named {name!r}{hint}")
    return found


def neighbourhood(G: nx.MultiDiGraph, centre: Hashable, hops: int, limit: int) -> tuple[list[Hashable], bool]:
    """Nodes within ``hops`` of ``centre`` (edges in either direction), nearest first, at most ``limit``.

    Within a ring, nodes found in more papers (then more connected) come first. Returns the nodes
    and whether the limit cut some off.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> neighbourhood(G, "b", 1, 10), neighbourhood(G, "a", 3, 2)
    ((['b', 'c', 'a'], False), (['a', 'b'], True))
    """
    seen = {centre}
    order = [centre]
    ring = [centre]
    for _ in range(hops):
        nxt = set()
        for node in ring:
            nxt.update(G.successors(node))
            nxt.update(G.predecessors(node))
        nxt -= seen
        ring = sorted(nxt, key=lambda n_: (-_papers(G.nodes[n_]), -G.degree(n_), str(n_)))
        seen |= nxt
        order.extend(ring)
        if len(order) > limit or not ring:
            break
    return order[:limit], len(order) > limit


@dataclass(frozen=True)
class View:
    """The part of the graph a page shows, with a note for the reader and the node to select."""

    graph: nx.MultiDiGraph
    note: str = ""
    focus: Hashable | None = None


def select_view(
    G: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES, focus: str | None = None, hops: int = 1,
    top: int | None = None,
) -> View:
    """The subgraph to draw: whole, a focus node's neighbourhood, or the top entities.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from((f"method:m{i}", {"type": "method", "label": f"m{i}", "papers": i}) for i in range(5))
    >>> v = select_view(G, max_nodes=3)
    >>> sorted(v.graph), v.note.startswith("The graph has 5 nodes")
    (['method:m2', 'method:m3', 'method:m4'], True)
    """
    if focus is not None and top is not None:
        raise ValueError("choose either focus or top, not both")
    total = G.number_of_nodes()
    if focus is not None:
        centre = resolve_node(G, focus)
        nodes, cut = neighbourhood(G, centre, hops, max_nodes)
        label = G.nodes[centre].get("label", centre)
        note = f"Neighbourhood of {label} ({hops} hop{'s' if hops != 1 else ''}): {len(nodes):,} of {total:,} nodes"
        if cut:
            note += f", cut at max_nodes={max_nodes:,}"
        return View(G.subgraph(nodes).copy(), note + ".", centre)
    if top is not None:
        nodes = top_entities(G, min(top, max_nodes))
        note = f"The {len(nodes):,} entities found in the most papers ({total:,} nodes in the graph)."
        return View(G.subgraph(nodes).copy(), note)
    if total > max_nodes:
        nodes = top_entities(G, min(FALLBACK_TOP, max_nodes))
        note = (f"The graph has {total:,} nodes, more than max_nodes={max_nodes:,}: showing the "
                f"{len(nodes):,} entities found in the most papers. Use a focus (kg view --focus NAME) "
                "to see a neighbourhood with its papers.")
        return View(G.subgraph(nodes).copy(), note)
    return View(G)


# -- page data -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _style() -> dict[str, Any]:
    """How the page draws each node type and relation: papers and unknown nodes from
    ``templates/graph_style.json``, every entity type and relation from the registry."""
    style = json.loads(resources.files(_PACKAGE).joinpath("templates/graph_style.json").read_text("utf-8"))
    types = {"paper": style["types"]["paper"]}
    for t in _REGISTRY.values():
        types[t.node_type] = {"name": t.label, "color": t.color, "shape": t.shape}
    types["other"] = style["types"]["other"]
    relations: dict[str, dict[str, str]] = {}
    for r in RELATIONS:
        relations.setdefault(r.name, {"color": r.color})
    return {"label_chars": style["label_chars"], "types": types, "relations": relations}


# Paper relations the panel shows in sections of their own (links, claims with their sentences).
_OWN_SECTIONS = frozenset({"has_code", "reports", "cooccurs"})


@lru_cache(maxsize=1)
def _panel_sections() -> dict[str, list[list[Any]]]:
    """For each node type, the panel's lists of linked nodes: ``[relation, outgoing, title]``.

    >>> _panel_sections()["task"]
    [['variant_of', True, 'Kind of'], ['variant_of', False, 'Variants'], ['broader', True, 'Topics']]
    """
    sections: dict[str, list[list[Any]]] = {}
    for r in RELATIONS:
        if r.name not in _OWN_SECTIONS:
            sections.setdefault(r.source, []).append([r.name, True, r.title])
        if r.name == "variant_of":  # a family lists its versions
            sections.setdefault(r.target, []).append([r.name, False, "Variants"])
    sections["topic"].append(["broader", False, "Narrower topics and tasks"])
    return sections


def _finite(x: Any) -> float | None:
    return round(float(x), 3) if isinstance(x, (int, float)) and math.isfinite(x) else None


def _paper_links(d: Mapping[str, Any]) -> list[list[str]]:
    links = []
    if isinstance(d.get("arxiv_id"), str):
        links.append([f"arXiv:{d['arxiv_id']}", f"https://arxiv.org/abs/{quote(d['arxiv_id'], safe='./')}"])
    if isinstance(d.get("doi"), str):
        links.append([f"doi:{d['doi']}", f"https://doi.org/{quote(d['doi'], safe='/.:;()-_')}"])
    if isinstance(d.get("url"), str) and (url := safe_url(d["url"])) and all(url != u for _, u in links):
        links.append([url, url])
    return [pair for pair in links if safe_url(pair[1])]


def _abstract_marks(G: nx.MultiDiGraph, node: Hashable, abstract: str, type_index: Mapping[str, int]) -> list[list[int]]:
    """Non-overlapping ``[start, end, type]`` spans of the abstract that name an extracted entity."""
    spans = set()
    for _, target, data in G.out_edges(node, data=True):
        ttype = type_index.get(G.nodes[target].get("type"), type_index["other"])
        for ev in data.get("evidence") or ():
            if not isinstance(ev, Mapping) or ev.get("field") != "abstract":
                continue
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(abstract):
                if not ev.get("text") or abstract[start:end] == ev["text"]:  # stale offsets are dropped
                    spans.add((start, end, ttype))
    marks: list[list[int]] = []
    for start, end, ttype in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        if not marks or start >= marks[-1][1]:
            marks.append([start, end, ttype])
    return _utf16_marks(abstract, marks)


def _utf16_marks(text: str, marks: list[list[int]]) -> list[list[int]]:
    """Marks with offsets in UTF-16 code units, which JavaScript's ``slice`` counts.

    Examples
    --------
    >>> _utf16_marks("\U0001d465 = Adam", [[4, 8, 1]])
    [[5, 9, 1]]
    """
    if text.isascii() or max(text) < "\U00010000":  # no character takes two code units
        return marks
    shift = np.cumsum([0] + [1 if ord(c) >= 0x10000 else 0 for c in text])
    return [[s + int(shift[s]), e + int(shift[e]), t] for s, e, t in marks]


def _node_info(G: nx.MultiDiGraph, node: Hashable, d: Mapping[str, Any], type_index: Mapping[str, int]) -> dict[str, Any]:
    """What the side panel shows about a node beyond its label and neighbours."""
    info: dict[str, Any] = {}
    ntype = d.get("type")
    texts = {"paper": ("abstract", "date"),
             "claim": ("sentence", "unit", "kind", "qualifier", "text", "dataset", "baseline", "hardware")}
    for key in texts.get(ntype, ("source",)):
        if isinstance(d.get(key), str) and d[key]:
            info[key] = d[key]
    if ntype == "paper":
        info["authors"] = [a for a in d.get("authors") or () if isinstance(a, str)]
        info["links"] = _paper_links(d)
        if isinstance(d.get("title"), str):
            info["title"] = d["title"]
        info["marks"] = _abstract_marks(G, node, info.get("abstract", ""), type_index)
    elif ntype == "claim":
        if (value := _finite(d.get("value"))) is not None:
            info["value"] = value
    else:
        info["aliases"] = [a for a in d.get("aliases") or () if isinstance(a, str)]
        for key in ("mentions", "proposed_in"):
            if isinstance(d.get(key), int):
                info[key] = d[key]
        if ntype == "repository" and (url := safe_url("https://" + str(node).partition(":")[2])):
            info["url"] = url
    return {k: v for k, v in info.items() if v not in ("", [], None)}


# A dataset's or task's panel shows its leaderboards: at most this many boards, and rows per board.
LEADERBOARD_BOARDS, LEADERBOARD_ROWS = 3, 10


def _merged_sections(*parts: Mapping[Hashable, Any] | None) -> dict[Hashable, list[Any]]:
    out: dict[Hashable, list[Any]] = defaultdict(list)
    for part in parts:
        for node, sections in (part or {}).items():
            out[node].extend(sections)
    return dict(out)


def result_sections(G: nx.MultiDiGraph) -> dict[Hashable, list[PanelSection]]:
    """The panel sections that results give: each dataset's and task's leaderboards (at most
    :data:`LEADERBOARD_BOARDS` boards of :data:`LEADERBOARD_ROWS` rows, :func:`kg.graph.results.leaderboards`)
    and, when papers have dates, each method's papers per year (:func:`kg.graph.trends.trend`)."""
    from kg.graph.results import leaderboards

    out: dict[Hashable, list[PanelSection]] = defaultdict(list)
    for relation in ("measured_on", "for_task"):
        for entity, rows in leaderboards(G, relation).items():
            boards: list[tuple[Any, list[tuple[Any, ...]]]] = []
            for row in rows:
                if row.rank == 1:
                    if len(boards) == LEADERBOARD_BOARDS:
                        break
                    boards.append((row, []))
                if row.rank <= LEADERBOARD_ROWS:
                    value = " ".join(x for x in (row.qualifier, f"{_finite(row.value):g}{row.unit or ''}") if x)
                    boards[-1][1].append((row.rank, value, row.method or "", NodeRef(f"paper:{row.paper}"),
                                          NodeRef(row.claim)))
            for first, cells in boards:
                better = f", {first.direction} is better" if first.direction else ""
                unit = f" ({first.unit})" if first.unit else ""
                out[entity].append(PanelSection(f"Leaderboard: {first.metric}{unit}{better}",
                                                ("rank", "value", "method", "paper", "result"), tuple(cells)))
    year_of = {n: _year(G.nodes[n].get("date")) for n, t in G.nodes(data="type") if t == "paper"}
    if any(year_of.values()):  # a method's papers per year, in one pass over the paper edges
        per_year: dict[Hashable, Counter[int]] = defaultdict(Counter)
        for u, v, k in G.edges(keys=True):
            if u in year_of and k in ("proposes", "uses") and G.nodes[v].get("type") == "method":
                per_year[v][year_of[u]] += 1
        for method, counts in sorted(per_year.items(), key=lambda kv: str(kv[0])):
            years = sorted(y for y in counts if y)
            rows = tuple((str(y), counts[y]) for y in range(years[0], years[-1] + 1)) if years else ()
            if counts[0]:
                rows += (("no date", counts[0]),)
            out[method].append(PanelSection("Papers per year", ("year", "papers"), rows))
    return dict(out)


def _size(degree: int, papers: int, ntype: str | None, size_by: str) -> float:
    k = papers if size_by == "papers" and ntype in ENTITY_TYPES else degree
    return round(min(48.0, 8.0 + 4.0 * math.sqrt(max(k, 0))), 1)


def _year(date: Any) -> int:
    """The year a paper's ``date`` starts with, 0 when it has none.

    >>> _year("2023-01-05"), _year("2024"), _year("n.d."), _year(None)
    (2023, 2024, 0, 0)
    """
    found = re.match(r"\s*(\d{4})(?!\d)", date) if isinstance(date, str) else None
    return int(found.group(1)) if found and 1000 <= int(found.group(1)) <= 2999 else 0


def _search_docs(G: nx.MultiDiGraph, order: list[Hashable]) -> Any:
    for i, node in enumerate(order):
        d = G.nodes[node]
        if d.get("type") == "paper":
            yield i, {"title": d.get("title") or d.get("label"), "abstract": d.get("abstract")}
        elif d.get("type") != "claim":
            yield i, {"name": d.get("label") or str(node), "alias": list(d.get("aliases") or ())}


def _communities(index: Mapping[Hashable, int], communities: list[Any]) -> list[list[Any]]:
    """The largest communities as ``[name, papers, size, [member indices]]`` for the overview panel."""
    return [[c.name, c.papers, c.size, [index[m] for m in c.members[:8] if m in index]] for c in communities[:10]]


def default_start(G: nx.MultiDiGraph, focus: Hashable | None = None) -> str:
    """The view a page opens on when its URL has no fragment: the overview for pages of more than
    :data:`OVERVIEW_FROM` nodes, everything for smaller ones; a focus node selected (and, on the
    overview, expanded).

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(f"method:m{i}" for i in range(200))
    >>> default_start(G), default_start(G, "method:m1"), default_start(G.subgraph(["method:m1"]), "method:m1")
    ('mode=overview', 'mode=overview&focus=method%3Am1&expand=method%3Am1', 'mode=all&focus=method%3Am1')
    """
    if G.number_of_nodes() <= OVERVIEW_FROM:
        return view_fragment(mode="all", focus=None if focus is None else str(focus))
    return view_fragment(mode="overview", focus=None if focus is None else str(focus),
                         expand=[] if focus is None else [str(focus)])


def page_data(
    G: nx.MultiDiGraph, *, note: str = "", focus: Hashable | None = None, size_by: str = "papers",
    full: nx.MultiDiGraph | None = None, sections: Mapping[Hashable, Any] | None = None, start: str | None = None,
) -> dict[str, Any]:
    """The JSON the page script reads: node and edge arrays, per-node panel data, styles, options.

    Nodes are ``[id, type index, label, x, y, size, papers]``, edges ``[from, to, relation index,
    papers, npmi]`` with node indices; ``info[i]`` holds node i's panel data (or ``None``).
    ``size_by="papers"`` sizes entities by the papers they are found in, everything else (and
    everything with ``size_by="degree"``) by degree. Also: ``overview`` (the first view's nodes),
    ``communities``, ``search`` (the word index), ``years`` (each node's year, papers only, when
    any paper has a date), ``extra`` (``sections`` given, by node index) and ``start`` (the
    view opened when the URL has no fragment). ``full`` is the graph ``G`` was cut from, if any:
    related papers are ranked in it.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("method:a", type="method", label="A", papers=2)
    >>> G.add_node("method:b", type="method", label="B", papers=2)
    >>> G.add_edge("method:a", "method:b", key="cooccurs", relation="cooccurs", papers=2, npmi=0.5)
    'cooccurs'
    >>> data = page_data(G)
    >>> [n[0] for n in data["nodes"]], data["edges"], data["relations"], data["start"]
    (['method:a', 'method:b'], [[0, 1, 0, 2, 0.5]], ['cooccurs'], 'mode=all')
    """
    from kg.graph.query import KnowledgeGraph

    if size_by not in ("papers", "degree"):
        raise ValueError(f"size_by must be 'papers' or 'degree', not {size_by!r}")
    style = _style()
    types = list(style["types"])
    type_index = {t: i for i, t in enumerate(types)}
    order = sorted(G.nodes, key=str)
    index = {node: i for i, node in enumerate(order)}
    sizes = [_size(G.degree(node), _papers(G.nodes[node]), G.nodes[node].get("type"), size_by) for node in order]
    # room in proportion to the nodes drawn: small pages have big nodes (hubs of a top-N view)
    spacing = max(40.0, 4.0 * float(np.mean(sizes))) if sizes else 40.0
    xy = separate(layout_graph(G, order, spacing=spacing), np.array(sizes, dtype=float))
    K = KnowledgeGraph(full if full is not None else G)
    with_related = sum(1 for _, t in G.nodes(data="type") if t == "paper") <= RELATED_MAX_PAPERS
    nodes, info, years = [], [], []
    for i, node in enumerate(order):
        d = G.nodes[node]
        ntype = d.get("type") if d.get("type") in type_index else "other"
        label = d.get("label") if isinstance(d.get("label"), str) and d.get("label") else str(node)
        nodes.append([str(node), type_index[ntype], label, round(float(xy[i, 0]), 1), round(float(xy[i, 1]), 1),
                      sizes[i], _papers(d)])
        node_info = _node_info(G, node, d, type_index)
        if ntype == "paper" and with_related and node in K.graph and (related := related_rows(K, node, index)):
            node_info["related"] = related
        info.append(node_info or None)
        years.append(_year(d.get("date")) if ntype == "paper" else 0)
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (index[e[0]], index[e[1]], str(e[2])))
    relations = sorted({str(d.get("relation", k)) for _, _, k, d in edges})
    rel_index = {r: i for i, r in enumerate(relations)}
    edge_rows = [[index[u], index[v], rel_index[str(d.get("relation", k))],
                  d.get("papers") if isinstance(d.get("papers"), int) else 0, _finite(d.get("npmi"))]
                 for u, v, k, d in edges]
    communities = KnowledgeGraph(G).communities()
    data = {
        "nodes": nodes,
        "info": info,
        "edges": edge_rows,
        "types": [dict(style["types"][t], key=t) for t in types],
        "relations": relations,
        "relationColors": [style["relations"].get(r, {}).get("color", "#cccccc") for r in relations],
        "relationTitles": {r.name: r.title for r in reversed(RELATIONS)},
        "sections": _panel_sections(),
        "labelChars": style["label_chars"],
        "note": note,
        "focus": None if focus is None else str(focus),
        "minCount": G.graph.get("min_count") if isinstance(G.graph.get("min_count"), int) else None,
        "overview": [index[n] for n in overview_nodes(G, communities)],
        "communities": _communities(index, communities),
        "search": word_index(_search_docs(G, order)),
        "extra": sections_data(G, _merged_sections(result_sections(G), sections), index),
        "start": start if start is not None else default_start(G, focus),
        "localLayoutMax": LOCAL_LAYOUT_MAX,
        "related": with_related,
    }
    if any(years):
        data["years"] = years
    if len(order) > LOCAL_LAYOUT_MAX:  # too many for the page to lay out: the entities on their own, ahead
        entities = [n for n in order if G.nodes[n].get("type") in ENTITY_TYPES]
        exy = separate(layout_graph(G.subgraph(entities), entities, spacing=spacing),
                       np.array([sizes[index[n]] for n in entities], dtype=float))
        flat = [0.0] * (2 * len(order))
        for j, n in enumerate(entities):
            flat[2 * index[n]], flat[2 * index[n] + 1] = round(float(exy[j, 0]), 1), round(float(exy[j, 1]), 1)
        data["xyEntities"] = flat
    return data


# -- rendering -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script (with its licence header) and stylesheet, from the pyvis package."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # located, not imported: importing pyvis imports IPython (0.5 s)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is needed for its bundled copy of vis-network")
    lib = Path(list(spec.submodule_search_locations)[0]) / "lib"
    versions = sorted(lib.glob("vis-*/vis-network.min.js"),
                      key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not versions:
        raise FileNotFoundError(f"vis-network not found under {lib}")
    folder = versions[-1].parent
    return _inline_safe((folder / "vis-network.min.js").read_text("utf-8"), "script"), \
        _inline_safe((folder / "vis-network.css").read_text("utf-8"), "style")


def _inline_safe(text: str, element: str) -> str:
    """``text`` if it cannot end its ``<script>``/``<style>`` element early; raises otherwise."""
    if re.search(rf"</{element}|<!--", text, re.IGNORECASE):
        raise ValueError(f"asset text would close its <{element}> element")
    return text


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader(_PACKAGE, "templates"), autoescape=True,
                              keep_trailing_newline=True)


# The page's scripts, in order: each file is one self-contained function; graph.js uses the others.
_SCRIPTS = ("layout.js", "labels.js", "search.js", "panel.js", "graph.js")


def _template_text(name: str, element: str) -> str:
    return _inline_safe(resources.files(_PACKAGE).joinpath(f"templates/{name}").read_text("utf-8"), element)


def render_html(
    G: nx.MultiDiGraph, *, title: str = "kg", max_nodes: int = MAX_NODES, focus: str | None = None,
    hops: int = 1, top: int | None = None, size_by: str = "papers",
    sections: Mapping[Hashable, Any] | None = None, view: str | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
) -> str:
    """The complete, self-contained page for ``G`` (see :func:`select_view` for the options).

    ``sections`` adds :class:`PanelSection` rows to nodes' panels; ``view`` is the fragment of the
    view the page opens on (:mod:`kg.export.view_state`; default: the overview, or the focus). A
    page whose data would exceed ``max_bytes`` shows fewer nodes (half as many each time) with a
    note saying so.
    """
    from markupsafe import Markup

    if view is not None:
        parse_view_fragment(view)  # refuse a fragment the page would not understand
    vis_js, vis_css = _vis_assets()
    app_js = "\n".join(_template_text(name, "script") for name in _SCRIPTS)
    app_css = _template_text("graph.css", "style")
    fixed = len(vis_js) + len(vis_css) + len(app_js) + len(app_css) + 10_000
    limit = max_nodes
    while True:
        chosen = select_view(G, max_nodes=limit, focus=focus, hops=hops, top=top)
        note = chosen.note
        if limit < max_nodes:
            note += (f" Cut to {chosen.graph.number_of_nodes():,} nodes to keep the page under "
                     f"{max_bytes / 1e6:.0f} MB.")
        start = view
        if view is not None and chosen.focus is not None and "focus" not in parse_view_fragment(view):
            start = f"{view}&{view_fragment(focus=str(chosen.focus))}"
        data = page_data(chosen.graph, note=note, focus=chosen.focus, size_by=size_by, full=G, sections=sections,
                         start=start)
        data["partial"] = chosen.graph.number_of_nodes() < G.number_of_nodes()
        data_json = script_json(data)
        n = chosen.graph.number_of_nodes()
        if fixed + len(data_json) <= max_bytes or n <= 50:
            break
        limit = n // 2
    return _environment().get_template("graph.html").render(
        title=title,
        note=note,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(app_js),
        app_css=Markup(app_css),
        data_json=Markup(data_json),
    )


def write_html(
    G: nx.MultiDiGraph, path: str | os.PathLike[str], *, title: str = "kg", max_nodes: int = MAX_NODES,
    focus: str | None = None, hops: int = 1, top: int | None = None,
    sections: Mapping[Hashable, Any] | None = None, view: str | None = None,
) -> None:
    """Write the interactive page for ``G`` to ``path`` (atomically)."""
    page = render_html(G, title=title, max_nodes=max_nodes, focus=focus, hops=hops, top=top, sections=sections,
                       view=view)
    with atomic_write(path) as f:
        f.write(page)


@dataclass(frozen=True)
class NotebookView:
    """A page shown in Jupyter as a sandboxed ``<iframe srcdoc>`` (scripts run, nothing else)."""

    page: str
    height: int = 640

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd"></iframe>')


def notebook_view(G: nx.MultiDiGraph, *, height: int = 640, **kw: Any) -> NotebookView:
    """The page for ``G`` as a Jupyter display object (keyword arguments as :func:`render_html`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("method:a", type="method", label="<A>", papers=1)
    >>> notebook_view(G)._repr_html_().startswith('<iframe srcdoc="')
    True
    """
    return NotebookView(render_html(G, **kw), height)

