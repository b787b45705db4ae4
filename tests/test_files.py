"""Reading a file a user hands over (inputs/files.py) and quoting long values (quoting.py).

Issue 10: a FIFO, /dev/zero or a directory is refused at once; an oversized file is refused before
it is read; a UTF-8 file with one GB18030 row pasted in is refused naming that line, never decoded
whole as GB18030; a 10 MB value is quoted shortened, with its length.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongguan_rules import InputError
from gongguan_rules.inputs.files import LIMITS, FileRefused, read_bytes, read_text
from gongguan_rules.quoting import quote, shorten


def test_fifo_device_directory_and_missing_file_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block forever
    for path, words in [
        (fifo, "not a regular file"),
        (Path("/dev/zero"), "not a regular file"),
        (tmp_path, "is a directory"),
        (tmp_path / "nope.yaml", "no such file"),
    ]:
        with pytest.raises(FileRefused) as caught:
            read_bytes(path, "plan")
        assert words in str(caught.value)
        assert str(caught.value).startswith(str(path))
        assert isinstance(caught.value, InputError)


def test_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (LIMITS["plan"] + 1))
    with pytest.raises(FileRefused, match="file too large"):
        read_bytes(big, "plan")
    ok = tmp_path / "ok.yaml"
    ok.write_bytes(b"#" * LIMITS["plan"])
    assert len(read_bytes(ok, "plan")) == LIMITS["plan"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_one_gb18030_row_in_a_utf8_file_is_refused_naming_its_line(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "history.csv"
    rows = "统一社会信用代码,项目名称\n".encode() + "91120116MA05K3T7XB,焊材项目\n".encode()
    path.write_bytes(bom + rows + "91120224064012553U,降低飞溅率\n".encode("gb18030") + "x,一\n".encode())
    with pytest.raises(FileRefused) as caught:
        read_text(path, "history")
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_gb18030_and_utf8_files_read_whole(tmp_path: Path) -> None:
    text = "申报单位名称,所在区\n天津某焊材有限公司,滨海新区\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        assert read_text(path, "table") == text


def test_nul_byte_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"a,b\n\x00\x01\n")
    with pytest.raises(FileRefused, match="line 2 holds a NUL byte"):
        read_text(path, "table")


def test_long_values_are_quoted_shortened_with_their_length() -> None:
    huge = "滨" * 10_000_000
    shown = shorten(huge)
    assert len(shown) < 200 and "10000000 characters" in shown
    assert shorten("滨海新区") == "滨海新区"
    assert quote("x" * 1000).startswith("'x") and "1000 characters" in quote("x" * 1000)
    assert len(quote(list(range(100_000)))) < 200
