"""History records from CSV: comma- or tab-separated, a header of English keys or of the official
tables' Chinese column titles, title rows and rows of ignored columns only skipped.

从 CSV 读取历史记录：逗号或制表符分隔；表头为英文键名或官方表格的中文列名；跳过表头上方的标题行与
只填了被忽略列的行。
"""

from __future__ import annotations

import csv
import io

from ...quoting import quote
from ...tables.headers import header_key
from .fields import COLUMN_LOOKUP, IGNORED_LOOKUP, unknown_column
from .records import Faults, Value, build_event


def load_csv(text: str, default_kind: str | None, faults: Faults) -> list[dict[str, object]]:
    head = [line for line in text.splitlines() if line.strip()][:5]
    delimiter = "\t" if sum(s.count("\t") for s in head) > sum(s.count(",") for s in head) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            rows.append((previous + 1, row))
            previous = reader.line_num
    except csv.Error as exc:
        faults.add(reader.line_num, f"malformed CSV: {exc}")

    header_at = next(
        (i for i, (_, row) in enumerate(rows) if sum(1 for cell in row if cell.strip()) >= 2),
        None,
    )
    if header_at is None:
        faults.add(None, "no header row (a header names at least two columns)")
        return []
    header_line, header = rows[header_at]

    columns: list[str | None] = []
    first_title: dict[str, str] = {}
    header_faults = len(faults.items)
    for title in header:
        key = header_key(title)
        field = COLUMN_LOOKUP.get(key)
        if not key or key in IGNORED_LOOKUP:
            columns.append(None)
        elif field is None:
            faults.add(header_line, unknown_column(title.strip()), title.strip())
            columns.append(None)
        elif field in first_title:
            faults.add(
                header_line,
                f"columns {quote(first_title[field])} and {quote(title.strip())} both give {field}",
                field,
            )
            columns.append(None)
        else:
            first_title[field] = title.strip()
            columns.append(field)

    columns_known = len(faults.items) == header_faults
    events: list[dict[str, object]] = []
    for line, row in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        extra = [cell for cell in row[len(header) :] if cell.strip()]
        if extra:
            faults.add(line, f"row has {len(row)} cells but the header names {len(header)}")
        blank_titles = [i for i, cell in enumerate(row[: len(header)]) if cell.strip() and not header_key(header[i])]
        if blank_titles:
            faults.add(line, f"a value in column {blank_titles[0] + 1}, which has no title")
        values = [Value(field, cell, line) for field, cell in zip(columns, row, strict=False) if field is not None]
        if not any(value.raw.strip() for value in values if isinstance(value.raw, str)):
            # Only ignored columns are filled: a template's numbered empty row or a footer.
            continue
        event = build_event(values, line, default_kind, faults, keys_known=columns_known)
        if event is not None:
            events.append(event)
    return events
