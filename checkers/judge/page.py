"""The page of one browser tab, built from the app's ForwardMsgs the way Streamlit's frontend
builds it (read from the pinned 1.67 frontend bundle: ``AppRoot``, its set-node and
clear-stale-nodes visitors).

* Every delta lands at its ``delta_path`` (root container, then child indexes), tagged with
  the run that sent it and the fragment it came from; blocks on the way take the run too.
  A block re-added with the same type keeps its children.
* A ``new_transient`` delta (a spinner) lays elements over whatever sits at its path until
  the next delta there, or the next run.
* When a run finishes, nodes the run did not touch disappear: all of them after a full run,
  only those inside the rerun fragments after a fragment run.

Deltas come from untrusted code: one at an impossible path is ignored, as the frontend
would refuse it, and the page never holds more than ``MAX_NODES`` nodes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

ROOTS = ("main", "sidebar", "event", "bottom")
MAX_NODES = 20_000
MAX_DEPTH = 64


@dataclass
class Element:
    proto: object  # streamlit.proto.Element
    run: str
    fragment: str = ""

    @property
    def kind(self) -> str:
        return self.proto.WhichOneof("type") or "empty"

    @property
    def body(self):
        return getattr(self.proto, self.kind) if self.kind != "empty" else None


@dataclass
class Block:
    proto: object  # streamlit.proto.Block (None for a root)
    run: str
    fragment: str = ""
    children: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.proto is None:
            return "root"
        return self.proto.WhichOneof("type") or "vertical"


@dataclass
class Transient:
    run: str
    anchor: Union[Element, Block, None]
    elements: list = field(default_factory=list)


Node = Union[Element, Block, Transient]


class BadDelta(Exception):
    pass


class Page:
    def __init__(self) -> None:
        self.roots = [Block(None, "") for _ in ROOTS]
        self.run = ""
        self.nodes = 0

    # ------------------------------------------------------------ applying messages
    def start_run(self, run_id: str, fragments: list[str]) -> None:
        """A ``new_session``: the run id deltas are tagged with; spinners of the runs before
        go (only inside the rerun fragments when this is a fragment run)."""
        self.run = run_id
        self.nodes = 0
        self.roots = [_without_transients(r, set(fragments)) or Block(None, run_id)
                      for r in self.roots]

    def apply(self, delta, path: list[int]) -> bool:
        """Apply one Delta; False (and the page unchanged) when its path is impossible."""
        if not path or not 0 <= path[0] < len(ROOTS) or len(path) > MAX_DEPTH:
            return False
        if self.nodes >= MAX_NODES:
            return False
        kind = delta.WhichOneof("type")
        fragment = delta.fragment_id
        try:
            if kind == "new_element":
                node = Element(delta.new_element, self.run, fragment)
            elif kind == "add_block":
                existing = self.at(path)
                if isinstance(existing, Transient):
                    existing = existing.anchor
                keep = existing.children if isinstance(existing, Block) and existing.proto \
                    is not None and existing.kind == (delta.add_block.WhichOneof("type")
                                                      or "vertical") else []
                node = Block(delta.add_block, self.run, fragment, list(keep))
            elif kind == "new_transient":
                node = Transient(self.run, None, [Element(e, self.run, fragment)
                                                  for e in delta.new_transient.elements])
            else:
                return False
            root = self.roots[path[0]]
            self.roots[path[0]] = _set(root, path[1:], node, self.run)
        except BadDelta:
            return False
        self.nodes += 1
        return True

    def finish(self, run_id: str, fragments: list[str]) -> None:
        """A run finished: drop what it left stale."""
        if not fragments and run_id != self.run:
            return
        cleared = []
        for root in self.roots:
            kept = _clear(root, run_id, fragments, None, root=True)
            cleared.append(kept if isinstance(kept, Block) else Block(None, run_id))
        self.roots = cleared

    # ------------------------------------------------------------ reading
    def at(self, path: list[int]) -> Node | None:
        if not path or not 0 <= path[0] < len(ROOTS):
            return None
        node: Node | None = self.roots[path[0]]
        for index in path[1:]:
            if isinstance(node, Transient):
                node = node.anchor
            if not isinstance(node, Block) or not 0 <= index < len(node.children):
                return None
            node = node.children[index]
        return node

    def walk(self) -> Iterator[tuple[Node, list[Block]]]:
        """Every element and block with its ancestors, in display order (transients'
        elements included, after their anchor)."""
        for root in self.roots:
            yield from _walk(root, [])

    def elements(self) -> Iterator[tuple[Element, list[Block]]]:
        for node, parents in self.walk():
            if isinstance(node, Element):
                yield node, parents

    def ids(self) -> set[str]:
        """Ids of every element and block on the page (widgets, stateful containers)."""
        found = set()
        for node, _ in self.walk():
            body = node.body if isinstance(node, Element) else None
            ident = getattr(body, "id", "") if body is not None else ""
            if isinstance(node, Block) and node.proto is not None:
                inner = getattr(node.proto, node.kind, None)
                ident = getattr(inner, "id", "") or node.proto.id
            if ident:
                found.add(ident)
        return found


def _set(node: Node, path: list[int], new: Node, run: str) -> Node:
    if isinstance(node, Transient):
        if not path:
            return new if not isinstance(new, Transient) else Transient(run, node.anchor,
                                                                         new.elements)
        if node.anchor is None:
            raise BadDelta("a spinner has nothing under it")
        return Transient(node.run, _set(node.anchor, path, new, run), node.elements)
    if not path:
        if isinstance(new, Transient) and new.anchor is None:
            return Transient(new.run, node, new.elements)
        return new
    if not isinstance(node, Block):
        raise BadDelta("a delta inside an element")
    index, rest = path[0], path[1:]
    children = list(node.children)
    if index < 0 or index > len(children):
        raise BadDelta("a delta path with a gap")
    if index < len(children):
        children[index] = _set(children[index], rest, new, run)
    elif rest:
        raise BadDelta("a delta inside a block that does not exist")
    else:
        children.append(new if not isinstance(new, Transient) else Transient(run, None,
                                                                             new.elements))
    return Block(node.proto, run, node.fragment, children)


def _clear(node: Node, run: str, fragments: list[str], in_fragment: str | None,
           root: bool = False) -> Node | None:
    fragment_run = bool(fragments)
    if isinstance(node, Block):
        inner = None
        if fragment_run:
            if in_fragment and node.run != run:
                return None
            if node.fragment and node.fragment in fragments and node.run == run:
                inner = node.fragment
        elif node.run != run and not root:
            return None
        scope = inner or in_fragment
        children = [c for c in (_clear(child, run, fragments, scope) for child in node.children)
                    if c is not None]
        return Block(node.proto, node.run, node.fragment, children)
    if isinstance(node, Element):
        keep = node.kind == "toast" or node.run == run or (
            fragment_run and (not node.fragment or not in_fragment))
        return node if keep else None
    if node.run == run and not node.elements and node.anchor is not None:
        return _clear(node.anchor, run, fragments, in_fragment)
    anchor = _clear(node.anchor, run, fragments, in_fragment) if node.anchor else None
    elements = [e for e in (_clear(e, run, fragments, in_fragment) for e in node.elements) if e]
    if anchor is None and not elements:
        return None
    return anchor if not elements else Transient(node.run, anchor, elements)


def _without_transients(node: Node, fragments: set[str]) -> Node | None:
    if isinstance(node, Transient):
        return node.anchor
    if isinstance(node, Block):
        if fragments and node.fragment and node.fragment not in fragments:
            return node
        children = [c for c in (_without_transients(child, fragments) for child in node.children)
                    if c is not None]
        return Block(node.proto, node.run, node.fragment, children)
    return node


def _walk(node: Node | None, parents: list[Block]):
    if node is None:
        return
    if isinstance(node, Transient):
        yield from _walk(node.anchor, parents)
        for element in node.elements:
            yield element, parents
        return
    yield node, parents
    if isinstance(node, Block):
        inside = parents + [node]
        for child in node.children:
            yield from _walk(child, inside)
