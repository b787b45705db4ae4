"""A strict YAML reader that remembers where every value stands.

严格的 YAML 读取：只接受安全 YAML（无 Python 标签），重复键是错误，日期保留为字符串交给模型校验，
并记录每个值的行、列，以便错误信息写成 ``file:line:column``。
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


_SCALAR = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay strings; the models check them (impossible dates included)
    if node.tag in ("tag:yaml.org,2002:binary",):
        raise yaml.constructor.ConstructorError(None, None, f"unsupported YAML tag {node.tag}", node.start_mark)
    return _SCALAR.construct_object(node, deep=True)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(text: str) -> LocatedYaml:
    """Read YAML text strictly; never raises for bad YAML, reports faults instead.

    语法错误、重复键、非安全标签均作为错误返回，不抛出异常。
    """
    result = LocatedYaml(data=None)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
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
