"""The rest of two plans compared: the documents (the governing one, then by key, else by level,
role and jurisdiction), the territory, the readings (each parameter by its dotted name) and the
procedure (the order of stages).

其余部分的比较：文件（先比主文件，再按键、或按层级、角色与地域配对）、适用地域、解读参数（逐项）与
工作程序（阶段次序）。
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..plan_model import DocumentSpec
from ..plans import Plan
from .model import READING_SECTIONS, Compared, FieldChange, PlanChange, cites, field_changes, pair, same


def _document_side(doc: DocumentSpec) -> dict[str, Any]:
    side = doc.model_dump(mode="json", exclude_none=True)
    side["cite_as"] = doc.cite_as
    side["citations"] = []
    return side


_DOCUMENT_FIELDS = ("number", "title", "issuer", "issued_on", "level", "role", "parent", "jurisdiction")


def _document_fields(doc: DocumentSpec) -> Compared:
    data = doc.model_dump(mode="json")
    return same({name: data.get(name) for name in _DOCUMENT_FIELDS})


def _document_key(doc: DocumentSpec) -> object:
    return doc.key


def _document_role(doc: DocumentSpec) -> object:
    return (doc.level, doc.role, doc.jurisdiction)


def diff_documents(a: Plan, b: Plan) -> list[PlanChange]:
    """The documents changed (the governing one, then paired by key, else by role), added and removed."""
    out: list[PlanChange] = []
    pairs: list[tuple[DocumentSpec, DocumentSpec, str]] = [(a.governing_document, b.governing_document, "governing")]
    others_a = [d for d in a.spec.documents if d.key != a.spec.governing]
    others_b = [d for d in b.spec.documents if d.key != b.spec.governing]
    more, removed, added = pair(others_a, others_b, [("key", _document_key), ("role", _document_role)])
    pairs.extend(more)
    for old, new, how in pairs:
        fields = field_changes(_document_fields(old), _document_fields(new))
        if fields:
            out.append(
                PlanChange(
                    section="other",
                    change="changed",
                    part="document",
                    id="governing" if how == "governing" else new.key,
                    matched_by=how,
                    fields=fields,
                    before=_document_side(old),
                    after=_document_side(new),
                )
            )
    for doc in added:
        out.append(PlanChange(section="other", change="added", part="document", id=doc.key, after=_document_side(doc)))
    for doc in removed:
        out.append(
            PlanChange(section="other", change="removed", part="document", id=doc.key, before=_document_side(doc))
        )
    return out


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def diff_readings(a: Plan, b: Plan) -> list[PlanChange]:
    """Each reading parameter (by its dotted name) that differs."""
    out: list[PlanChange] = []
    old = _flatten(a.spec.readings.model_dump(mode="json"))
    new = _flatten(b.spec.readings.model_dump(mode="json"))
    for name in list(old) + [k for k in new if k not in old]:
        if old.get(name) == new.get(name):
            continue
        out.append(
            PlanChange(
                section=READING_SECTIONS.get(name.split(".")[0], "other"),
                change="changed",
                part="reading",
                id=f"readings.{name}",
                matched_by="id",
                fields=[FieldChange(field=name, before=old.get(name), after=new.get(name))],
                before={"value": old.get(name), "citations": []},
                after={"value": new.get(name), "citations": []},
            )
        )
    return out


def diff_territory(a: Plan, b: Plan) -> list[PlanChange]:
    """The territory, when it differs."""
    if a.spec.territory == b.spec.territory:
        return []
    return [
        PlanChange(
            section="eligibility",
            change="changed",
            part="territory",
            id="territory",
            matched_by="id",
            fields=[FieldChange(field="territory", before=a.spec.territory, after=b.spec.territory)],
            before={"territory": a.spec.territory, "citations": []},
            after={"territory": b.spec.territory, "citations": []},
        )
    ]


def diff_procedure(a: Plan, b: Plan) -> list[PlanChange]:
    """The order of stages, when it differs."""
    old, new = list(a.spec.procedure), list(b.spec.procedure)
    if old == new:
        return []
    return [
        PlanChange(
            section="deadlines",
            change="changed",
            part="procedure",
            id="procedure",
            matched_by="id",
            fields=field_changes(same({"procedure": old}), same({"procedure": new})),
            before={"procedure": old, "citations": cites(a.citation(c) for c in a.spec.procedure_cite)},
            after={"procedure": new, "citations": cites(b.citation(c) for c in b.spec.procedure_cite)},
        )
    ]
