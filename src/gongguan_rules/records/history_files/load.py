"""The entry point: :func:`load_history_file` reads a file whole, decodes it in one encoding and
hands it to the reader of its format (chosen by the extension).

入口：读取整个文件、按单一编码解码，并按扩展名交给相应格式的读取器。
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ...inputs.files import FileRefused, decode_text, read_bytes
from .fields import kind_value
from .from_csv import load_csv
from .from_jsonl import load_jsonl
from .from_yaml import load_yaml
from .records import Faults


def _decode(data: bytes, name: str, faults: Faults) -> str | None:
    """The text of a file in one encoding: UTF-16 with its BOM, else UTF-8 or GB18030 whole
    (a file mixing them is a fault naming its first line that is not in the file's encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            faults.add(data[: exc.start].count(b"\n\x00") + 1, "not UTF-16 text past this line's start")
            return None
    try:
        return decode_text(data, name)
    except FileRefused as exc:
        faults.add(exc.line, exc.errors[0][1])
        return None


_LOADERS = {
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".jsonl": load_jsonl,
    ".csv": load_csv,
}


def load_history_file(path: str | os.PathLike[str], kind: str | None = None) -> list[dict[str, object]]:
    """Read past records from a YAML, JSON Lines or CSV file into event dicts.

    Args:
        path: The file; its extension (``.yaml``, ``.yml``, ``.jsonl``, ``.csv``) decides
            the format.
        kind: The kind of records that do not state one, e.g. ``"approved"`` for a table of
            past projects; Chinese names accepted (立项, 优秀成果, 撤销认定). YAML sections
            set their own kind.

    Returns:
        One dict per record, in the order of the file, with the keys ``kind``, ``year``,
        ``date`` (ISO), ``credit_code``, ``unit``, ``project_name``, ``district`` and
        ``reason`` (those that are present).

    Raises:
        HistoryFileError: the file has faults; all of them are listed, each with its line.
        FileRefused: the file cannot be read at all (an InputError naming it).
    """
    name = os.fspath(path)
    data = read_bytes(name, "history")  # a FIFO, a device, a directory, a huge file: refused at once
    faults = Faults()
    default_kind: str | None = None
    if kind is not None:
        default_kind, error = kind_value(kind)
        if error is not None:
            faults.add(None, f"the default {error}", "kind")
    loader = _LOADERS.get(Path(name).suffix.lower())
    if loader is None:
        faults.add(
            None,
            f"unsupported file type {Path(name).suffix or '(no extension)'!r}; expected .yaml, .yml, .jsonl or .csv",
        )
    if loader is None or faults.items:
        raise faults.error(name)

    text = _decode(data, name, faults)
    if text is None:
        raise faults.error(name)
    events = loader(text, default_kind, faults)
    if faults.items:
        raise faults.error(name)
    return events
