"""The registry's graph written for Gephi as GEXF 1.2, line by line.

networkx's writer builds the whole XML tree first (~400,000 elements for the benchmark's
graph of 24,000 places and 50,000 links: 2.8 s) and then indents it; this writes the same
document as text, byte for byte what `nx.write_gexf` writes for `graph.gexf_graph(graph)`
(tested): the same attribute ids, element order, escaping and indentation, the edges in
the graph's order with ids from 0. A graph whose edges carry other attributes than the
registry's (weight, ties, engagements, memberships, types: ints and a string) is written
by networkx.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx

NODE_ATTRS = (("place_key", "key"), ("country", "country"), ("level", "level"),
              ("region", "region"))  # fmt: skip
EDGE_ATTRS = ("ties", "engagements", "memberships", "types")
EDGE_KEYS = ("weight", *EDGE_ATTRS)
_CHUNK = 2000  # nodes or edges a write


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (quoted by the caller)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def streamable(graph: nx.Graph) -> bool:
    """Whether every edge carries just the registry's attributes (ints, and types a str)."""
    if graph.is_directed() or graph.is_multigraph():
        return False
    for _, _, data in graph.edges(data=True):
        if len(data) != len(EDGE_KEYS):
            return False
        try:
            values = [data[k] for k in EDGE_KEYS]
        except KeyError:
            return False
        if type(values[-1]) is not str or any(type(v) is not int for v in values[:-1]):
            return False
    return True


def gexf_lines(graph: nx.Graph) -> Iterator[str]:
    """The lines of the GEXF document (see the module; `streamable(graph)` must hold)."""
    has_nodes = graph.number_of_nodes() > 0
    has_edges = graph.number_of_edges() > 0
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield (
        '<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft '
        'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    )
    yield f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
    yield f"    <creator>NetworkX {nx.__version__}</creator>\n"
    yield "  </meta>\n"
    yield '  <graph defaultedgetype="undirected" mode="static" name="">\n'
    # ids as networkx hands them out: the node attributes first (0-4), then the edges'
    # (5-8); the edges' block is written first
    if has_edges:
        yield '    <attributes mode="static" class="edge">\n'
        for i, title in enumerate(EDGE_ATTRS):
            kind = "string" if title == "types" else "long"
            yield f'      <attribute id="{5 + i}" title="{title}" type="{kind}" />\n'
        yield "    </attributes>\n"
    if not has_nodes:  # networkx's empty elements
        yield "    <nodes />\n    <edges />\n  </graph>\n</gexf>\n"
        return
    yield '    <attributes mode="static" class="node">\n'
    for i, (title, _) in enumerate(NODE_ATTRS):
        yield f'      <attribute id="{i}" title="{title}" type="string" />\n'
    yield '      <attribute id="4" title="home" type="boolean" />\n'
    yield "    </attributes>\n"
    yield "    <nodes>\n"
    for node, data in graph.nodes(data=True):
        label = _attr(str(data.get("name", str(node))))
        values = "".join(
            f'          <attvalue for="{i}" value="{_attr(str(data.get(key) or ""))}" />\n'
            for i, (_, key) in enumerate(NODE_ATTRS)
        )
        home = "true" if data.get("home") else "false"
        yield (
            f'      <node id="{_attr(str(node))}" label="{label}">\n'
            "        <attvalues>\n"
            f"{values}"
            f'          <attvalue for="4" value="{home}" />\n'
            "        </attvalues>\n"
            "      </node>\n"
        )
    yield "    </nodes>\n"
    if has_edges:
        yield "    <edges>\n"
        for i, (a, b, data) in enumerate(graph.edges(data=True)):
            yield (
                f'      <edge source="{_attr(str(a))}" target="{_attr(str(b))}" id="{i}" '
                f'weight="{data["weight"]}">\n'
                "        <attvalues>\n"
                f'          <attvalue for="5" value="{data["ties"]}" />\n'
                f'          <attvalue for="6" value="{data["engagements"]}" />\n'
                f'          <attvalue for="7" value="{data["memberships"]}" />\n'
                f'          <attvalue for="8" value="{_attr(data["types"])}" />\n'
                "        </attvalues>\n"
                "      </edge>\n"
            )
        yield "    </edges>\n"
    else:
        yield "    <edges />\n"
    yield "  </graph>\n"
    yield "</gexf>\n"


def write_lines(lines: Iterator[str], target: Path | BinaryIO) -> None:
    """Lines to a file or a binary stream, in UTF-8, a few thousand a write."""
    if isinstance(target, Path):
        with target.open("wb") as f:
            _write(lines, f)
    else:
        _write(lines, target)


def _write(lines: Iterator[str], out: BinaryIO) -> None:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= _CHUNK:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    out.write("".join(chunk).encode("utf-8"))
