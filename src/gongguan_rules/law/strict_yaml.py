"""A strict YAML reader that remembers where every value stands.

严格的 YAML 读取：只接受安全 YAML（无 Python 标签），重复键是错误，日期保留为字符串交给模型校验，
并记录每个值的行、列，以便错误信息写成 ``file:line:column``。

It is the one YAML reader of the library (plans, rules, input files, history files), and it is
bounded while it composes, before anything is built (issue 10, "files that cannot hurt"):

- **aliases** may add at most :data:`ALIAS_NODES` nodes to the document, or :data:`ALIAS_FACTOR`
  times as many as the document itself holds when that is more; a "billion laughs" file (540
  bytes, 10 levels of 10 aliases, 10^11 nodes once expanded) is refused at the alias that crosses
  the bound, having composed about a hundred nodes;
- an alias to a node that holds it (``&a [*a]``) is refused: it has no finite expansion;
- collections nest at most :data:`MAX_DEPTH` deep (a real plan or input file nests 6);
- a scalar that is not Unicode text (a lone surrogate written as ``"\\ud800"``) or an integer
  Python will not read (more than 4,300 digits) is a fault of its line, not an exception.

别名展开至多增加 :data:`ALIAS_NODES` 个节点（或文档本身节点数的 :data:`ALIAS_FACTOR` 倍，取较大者）；自引用的别名、
嵌套超过 :data:`MAX_DEPTH` 层均拒绝读取；以上均在组装节点时检查，不会先展开再检查。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass
class YamlFault:
    """A fault found while reading YAML text. 读取 YAML 时发现的错误。"""

    line: int | None
    column: int | None
    code: str
    message: str
    loc: Loc = ()


@dataclass
class LocatedYaml:
    """The data read from a YAML text, with the position of every key and value.

    ``positions[loc]`` is the (line, column) of the value at ``loc``, 1-based;
    ``key_positions[loc]`` is where the key of that value is written.
    """

    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    faults: list[YamlFault] = field(default_factory=list)

    def where(self, loc: Loc) -> tuple[int | None, int | None]:
        """The best known position for ``loc``: itself, its key, or its nearest ancestor."""
        probe = tuple(loc)
        while True:
            if probe in self.key_positions and probe != tuple(loc):
                return self.key_positions[probe]
            if probe in self.positions:
                return self.positions[probe]
            if probe in self.key_positions:
                return self.key_positions[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]


#: The most nodes aliases may add to a document: ALIAS_NODES, or ALIAS_FACTOR times the nodes the
#: document itself holds so far, whichever is more.
ALIAS_NODES = 10_000
ALIAS_FACTOR = 4
#: The deepest nesting of collections read (a real plan or input file nests 6).
MAX_DEPTH = 32


_TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层 / nested more than {MAX_DEPTH} levels deep"


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML text past a bound: alias expansion, a self-referencing alias, or nesting depth."""


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer counts what aliases would expand to, and how deep it nests."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}  # id(node) -> nodes once expanded, for every complete node

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        # Bound flow nesting ([[[[...) in the scanner itself: PyYAML would otherwise scan ahead up
        # to 1024 characters for a possible key at every level before the composer sees any node.
        if self.flow_level >= MAX_DEPTH:
            raise _limit(_TOO_DEEP, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:
                    raise _limit(
                        f"别名 *{event.anchor} 指向包含它自身的节点 / the alias *{event.anchor} refers to a node "
                        "that holds it (no finite expansion)",
                        event.start_mark,
                    )
                self._alias_nodes += size
                bound = max(ALIAS_NODES, ALIAS_FACTOR * self._nodes)
                if self._alias_nodes > bound:
                    raise _limit(
                        f"别名展开过多（超过 {bound} 个节点）/ aliases expand to too many nodes (more than {bound})",
                        event.start_mark,
                    )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _limit(_TOO_DEEP, event.start_mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._nodes += 1
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes[id(child)] for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._sizes[id(key)] + self._sizes[id(value)] for key, value in node.value)
        self._sizes[id(node)] = size
        return node


def _limit(problem: str, mark: Any) -> YamlLimitError:
    return YamlLimitError(None, None, problem, mark)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a safe YAML text, within the bounds above; raises ``yaml.YAMLError``
    (:class:`YamlLimitError` for a bound, with the position of the node that crossed it).

    组装 YAML 节点（有界）；语法错误或越界时抛出 ``yaml.YAMLError``。
    """
    loader = _BoundedLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


_SCALAR = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay strings; the models check them (impossible dates included)
    if node.tag in ("tag:yaml.org,2002:binary",):
        raise yaml.constructor.ConstructorError(None, None, f"unsupported YAML tag {node.tag}", node.start_mark)
    try:
        value = _SCALAR.construct_object(node, deep=True)
    except ValueError as exc:  # an integer of more digits than Python reads
        raise yaml.constructor.ConstructorError(None, None, str(exc).split(";")[0], node.start_mark) from None
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "含孤立代理项，不是 Unicode 文本 / holds a lone surrogate: not Unicode text",
                node.start_mark,
            ) from None
    return value


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(text: str) -> LocatedYaml:
    """Read YAML text strictly; never raises for bad YAML, reports faults instead.

    语法错误、重复键、非安全标签均作为错误返回，不抛出异常。
    """
    result = LocatedYaml(data=None)
    try:
        root = compose(text)
    except YamlLimitError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        result.faults.append(YamlFault(line, column, "yaml_limit", str(exc.problem)))
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        result.faults.append(YamlFault(line, column, "yaml_syntax", f"YAML 语法错误 / YAML syntax error: {problem}"))
        return result
    except yaml.YAMLError as exc:
        result.faults.append(YamlFault(None, None, "yaml_syntax", f"YAML 错误 / YAML error: {exc}"))
        return result
    if root is None:
        return result

    def build(node: yaml.Node, loc: Loc) -> Any:
        result.positions[loc] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = _pos(key_node)
                    result.faults.append(YamlFault(line, col, "yaml_key", "键必须是标量 / a key must be a scalar", loc))
                    continue
                key = _scalar(key_node)
                if key == "<<":
                    line, col = _pos(key_node)
                    result.faults.append(
                        YamlFault(line, col, "yaml_merge", "不支持合并键 / merge keys are not allowed", loc)
                    )
                    continue
                child = (*loc, key)
                if key in out:
                    line, col = _pos(key_node)
                    first = result.key_positions.get(child, (None, None))[0]
                    result.faults.append(
                        YamlFault(
                            line,
                            col,
                            "duplicate_key",
                            f"重复的键“{key}”（首次出现在第 {first} 行）/ duplicate key {key!r} "
                            f"(first at line {first})",
                            child,
                        )
                    )
                    continue
                result.key_positions[child] = _pos(key_node)
                out[key] = build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        try:
            return _scalar(node)
        except yaml.YAMLError as exc:
            line, col = _pos(node)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            result.faults.append(YamlFault(line, col, "yaml_value", f"无法读取的值 / bad value: {problem}", loc))
            return None

    try:
        result.data = build(root, ())
    except yaml.YAMLError as exc:
        result.faults.append(YamlFault(None, None, "yaml_tag", f"不安全或未知的 YAML 标签 / {exc}"))
    return result
