"""The store's files and addresses: opening refuses what it must and changes nothing; URLs; schema upgrades;
JSON Lines export through an unpredictable temporary file; import through the library's file reader.

历史库的文件与地址：拒绝打开的文件保持原样（逐字节、修改时间均不变）；地址形式；库结构升级；
导出经不可预测的临时文件写入；导入经本库统一的文件读取器，且不按数据中的路径加载方案。
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.law.data_files import plans_dir
from gongguan_rules.records.store import APPLICATION_ID, SCHEMA_VERSION, History, HistoryStoreError
from store_support import CODE, SRC, event_2026, lifecycle_2021


def store_of_one(path: Path) -> Path:
    """A closed store file holding one record, its write-ahead log checkpointed into it."""
    with History(path) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder with its bytes and its mtime: opening must change none, add none."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


def refused_unchanged(path: Path, match: str) -> HistoryStoreError:
    before = snapshot(path.parent)
    with pytest.raises(HistoryStoreError, match=match) as info:
        History(path)
    assert snapshot(path.parent) == before
    assert info.value.path == str(path)
    return info.value


# ---------------------------------------------------------------------- opening refuses, changing nothing


def test_file_that_is_not_a_store_is_refused_unchanged(tmp_path: Path) -> None:
    """第二十五条's record must be trustworthy: a text file, another program's database, a folder or a
    FIFO is refused with a clear error, and nothing in the folder changes."""
    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库 / not a database\n" * 50, encoding="utf-8")
    refused_unchanged(text, "not an SQLite database")

    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    refused_unchanged(foreign, "not a gongguan history store")

    (tmp_path / "folder.sqlite3").mkdir()
    refused_unchanged(tmp_path / "folder.sqlite3", "not a regular file")
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    with pytest.raises(HistoryStoreError, match="not a regular file"):
        History(fifo)  # at once: never blocks on the pipe
    with pytest.raises(HistoryStoreError, match="does not exist"):
        History(tmp_path / "no such folder" / "h.sqlite")


def test_ours_in_name_without_its_tables_is_refused_unchanged(tmp_path: Path) -> None:
    """第十三条: a file that says it is a store but lacks the table of records (or a column of its schema)
    is damaged: refused, saying to restore it, and left as it is."""
    empty = tmp_path / "empty-ours.sqlite3"
    with sqlite3.connect(empty) as conn:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    refused_unchanged(empty, "without its table of records")

    partial = tmp_path / "partial.sqlite3"
    History(partial).close()
    with sqlite3.connect(partial) as conn:
        conn.execute("ALTER TABLE records DROP COLUMN recorded_by")  # schema 2 says it is there
    conn.close()
    assert "restore it" in str(refused_unchanged(partial, "damaged"))


def test_store_of_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    """第二十五条: a store written by a newer version is not read by an older one, nor touched."""
    newer = store_of_one(tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    error = refused_unchanged(newer, "newer")
    assert isinstance(error, gr.GongguanError) and "upgrade gongguan-rules" in str(error)


def test_read_only_file_is_refused_unchanged(tmp_path: Path) -> None:
    """第十三条: recording needs to write; a read-only store says so at once (also to root, who could
    write anyway) and is left as it is."""
    path = store_of_one(tmp_path / "ro.sqlite3")
    for sidecar in ("-wal", "-shm"):
        Path(f"{path}{sidecar}").unlink(missing_ok=True)
    path.chmod(0o444)
    try:
        error = refused_unchanged(path, "read-only")
        assert "grant write permission" in str(error)
    finally:
        path.chmod(0o644)
    with History(path) as h:
        assert len(h) == 1


def test_upgrade_from_schema_1_keeps_every_record(tmp_path: Path) -> None:
    """第十三条: a store of schema 1 (before recorded_by) opens upgraded in one transaction, its records
    kept; the version reached is recorded."""
    path = tmp_path / "v1.sqlite3"
    with History(path) as h:
        for event in lifecycle_2021()[:3]:
            h.record(event, 2021)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE records DROP COLUMN recorded_by")
        conn.execute("PRAGMA user_version=1")
    conn.close()
    with History(path) as h:
        assert [r.seq for r in h.records()] == [1, 2, 3]
        assert {r.recorded_by for r in h.records()} == {None}
        h.record(lifecycle_2021()[3], 2021, recorded_by="滨海新区市场监管局")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT recorded_by FROM records WHERE seq = 4").fetchone()[0] == "滨海新区市场监管局"
    conn.close()


def test_migrations_are_numbered_alike_and_shipped(tmp_path: Path) -> None:
    """Both backends have the same schema versions 1..SCHEMA_VERSION, and the wheel ships them."""
    from gongguan_rules.records.store.schema import migrations

    for backend in ("sqlite", "postgres"):
        assert [m.version for m in migrations(backend)] == list(range(1, SCHEMA_VERSION + 1))
    assert [m.name for m in migrations("sqlite")] == [m.name for m in migrations("postgres")]
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"records/store/migrations/*/*.sql"' in pyproject


def test_damaged_row_is_reported_by_seq(tmp_path: Path) -> None:
    """第十三条: a record edited out of shape behind the store's back is named, not silently skipped."""
    path = store_of_one(tmp_path / "h.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute('UPDATE records SET event_json = \'{"kind": "nonsense"}\' WHERE seq = 1')
    conn.close()
    with History(path) as h:
        with pytest.raises(HistoryStoreError, match="record 1 cannot be read"):
            h.records()
        with pytest.raises(HistoryStoreError, match="record 1"):
            h.history()


def test_a_corrupted_file_gives_only_store_errors(tmp_path: Path) -> None:
    """第十三条: whatever the disk did to the file, the store answers with HistoryStoreError saying what to
    do, never a raw sqlite3 exception."""
    path = tmp_path / "torn.sqlite3"
    with History(path) as h:
        for i in range(60):
            h.record(event_2026("application_submitted", "2026-04-10", project_name=f"项目{i}" * 40), 2026)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):
        data[offset : offset + 64] = b"\xff" * 64  # every page's header, past the first two
    path.write_bytes(bytes(data))
    calls = [
        lambda h: h.records(),
        lambda h: len(h),
        lambda h: h.history(),
        lambda h: h.unit_status(CODE, "2026-05-01"),
        lambda h: h.record(event_2026("approved", "2026-05-20"), 2026),
        lambda h: h.export_jsonl(io.StringIO()),
    ]
    for call in calls:
        try:
            with History(path) as h:
                call(h)
        except HistoryStoreError as exc:
            assert "sqlite3" not in type(exc).__module__
        # any other exception fails the test


# ---------------------------------------------------------------------- URLs and paths


def test_url_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """product.md "The HTTP service": a file path, sqlite:///relative, sqlite:////absolute, :memory:."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rel").mkdir()
    with History("sqlite:///rel/a.sqlite3") as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
    absolute = tmp_path / "rel" / "a.sqlite3"
    assert absolute.is_file() and str(absolute).startswith("/")
    with History(f"sqlite:///{absolute}") as h:  # sqlite:////tmp/…
        assert len(h) == 1 and h.path == str(absolute)
    with History(Path("rel/a.sqlite3")) as h, History("rel/a.sqlite3") as same:
        assert len(h) == len(same) == 1
    for memory in (None, ":memory:", "sqlite://", "sqlite:///:memory:"):
        with History(memory) as h:
            assert len(h) == 0
    assert not (tmp_path / ":memory:").exists()
    for bad, match in (
        ("sqlite://host/a.sqlite3", "no host"),
        ("sqlite:///a.sqlite3?mode=ro", "no query"),
        ("mysql://root@localhost/x", "unsupported URL scheme"),
        ("", "not blank"),
        ("   ", "not blank"),
        ("a\x00b.sqlite3", "no NUL"),
        ("postgresql://[::1", "not a valid PostgreSQL URL"),
        ("postgresql://o\udcffffice:pw@127.0.0.1/x", "not a valid PostgreSQL URL"),
        ("x" * 5000, "cannot open"),
    ):
        with pytest.raises(HistoryStoreError, match=match) as info:
            History(bad)
        assert len(str(info.value)) < 1000 and ":pw@" not in str(info.value)
        str(info.value).encode("utf-8")  # printable
    with pytest.raises(HistoryStoreError, match="expected a file path or a database URL"):
        History(42)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]


def test_postgres_url_without_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """product.md "The HTTP service": postgresql:// needs the postgres extra; without it, a clear error."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    with pytest.raises(HistoryStoreError) as info:
        History("postgresql://someone:secret@127.0.0.1:5432/gongguan")
    assert 'pip install "gongguan-rules[postgres]"' in str(info.value)
    assert "secret" not in str(info.value)  # the password is never shown
    assert info.value.path == "postgresql://someone:***@127.0.0.1:5432/gongguan"


def test_importing_the_library_never_needs_psycopg() -> None:
    """The core install stays small: import gongguan_rules and a SQLite store never import psycopg."""
    code = (
        "import sys, gongguan_rules as gr\n"
        "with gr.History() as h: h.record({'kind': 'approved', 'date': '2026-05-20', 'year': 2026}, 2026)\n"
        "print('psycopg' in sys.modules)"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------- export


def test_export_goes_through_an_unpredictable_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """第十三条's record exported whole or not at all: a new temporary file with an unpredictable name in
    the target's folder, renamed over the target; a path planted in advance is never followed or written;
    a link at the target is replaced, not followed; the export is readable by its owner only."""
    out = tmp_path / "out.jsonl"
    victim = tmp_path / "victim.txt"
    victim.write_text("不可覆盖 / must survive\n", encoding="utf-8")
    planted = tmp_path / f".out.jsonl.{os.getpid()}.tmp"
    planted.symlink_to(victim)  # where a predictable temporary name would have been
    renamed: list[str] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        renamed.append(os.fspath(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    with History() as h:
        for event in lifecycle_2021()[:3]:
            h.record(event, 2021)
        assert h.export_jsonl(out) == 3
        assert h.export_jsonl(out) == 3  # an existing target is replaced whole
        link = tmp_path / "link.jsonl"
        link.symlink_to(victim)
        assert h.export_jsonl(link) == 3
    assert len(renamed) == 3 and len(set(renamed)) == 3
    for name in renamed:
        assert Path(name).parent == tmp_path and Path(name).name.startswith(".")
    assert victim.read_text(encoding="utf-8") == "不可覆盖 / must survive\n"
    assert planted.is_symlink()  # not ours: left where it was
    assert not link.is_symlink() and len(link.read_text(encoding="utf-8").splitlines()) == 3
    assert out.stat().st_mode & 0o777 == 0o600
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted([".out.jsonl." + str(os.getpid()) + ".tmp", "link.jsonl", "out.jsonl", "victim.txt"])


def test_failed_export_leaves_nothing_behind(tmp_path: Path) -> None:
    """第十三条: an export that cannot be written says so, and leaves no temporary file and no change."""
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside.txt").write_text("x", encoding="utf-8")
    with History() as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
        with pytest.raises(HistoryStoreError, match="cannot write the export") as info:
            h.export_jsonl(tmp_path / "taken")  # a folder is never replaced
        assert info.value.path == str(tmp_path / "taken")
        with pytest.raises(HistoryStoreError, match="cannot write the export"):
            h.export_jsonl(tmp_path / "missing" / "out.jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["inside.txt"]


# ---------------------------------------------------------------------- import


def test_import_reads_through_the_file_reader(tmp_path: Path) -> None:
    """第十三条: an import is read like every file handed over — a FIFO or a folder refused at once, one
    encoding for the whole file; lines split on \\n only (U+2028 inside a name is text)."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with History() as h:
        with pytest.raises(gr.InputError, match="not a regular file"):
            h.import_jsonl(fifo)
        with pytest.raises(gr.InputError, match="directory"):
            h.import_jsonl(tmp_path)
        h.record(event_2026("application_submitted", "2026-04-10", unit="天津某\u2028焊材有限公司"), 2026)
        good = tmp_path / "good.jsonl"
        h.export_jsonl(good)
    lines = good.read_bytes()
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(lines + json.dumps({"note": "甲乙"}, ensure_ascii=False).encode("gb18030") + b"\n")
    with History() as fresh:
        with pytest.raises(gr.InputError, match="line 2 is not UTF-8") as info:
            fresh.import_jsonl(mixed)
        assert info.value.loc == f"{mixed}:2"
        bom = tmp_path / "bom.jsonl"
        bom.write_bytes(b"\xef\xbb\xbf" + lines)
        [rec] = fresh.import_jsonl(bom)
        assert rec.event.unit == "天津某\u2028焊材有限公司"
        with History() as again:
            again.import_jsonl(io.BytesIO(lines))
            assert again.records() == fresh.records()


def plan_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "plans" / "2026.yaml"
    copy.parent.mkdir()
    shutil.copy(plans_dir() / "2026.yaml", copy)
    return copy


def test_import_never_loads_a_plan_named_in_the_data(tmp_path: Path) -> None:
    """issue 10 item 1: import_jsonl loads only bundled plans or plans the caller names; a path in the
    data is never opened, and no error echoes another file's content."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("SECRET-CONTENT-42: 不应出现在任何错误中\n", encoding="utf-8")
    copy = plan_copy(tmp_path)
    event = event_2026("application_submitted", "2026-04-10")
    data = tmp_path / "events.jsonl"
    data.write_text(
        "\n".join(json.dumps({"event": event, "recorded_plan": ref}) for ref in (str(secret), str(copy), 2026)) + "\n",
        encoding="utf-8",
    )
    with History() as h:
        with pytest.raises(HistoryStoreError) as info:
            h.import_jsonl(data, reevaluate=True)
        text = str(info.value)
        assert "SECRET-CONTENT" not in text and "不应出现" not in text
        assert [f.line for f in info.value.faults] == [1, 2]
        assert "plans=" in text and len(h) == 0
        named = {str(secret): 2026, str(copy): gr.load_plan(copy)}
        records = h.import_jsonl(data, reevaluate=True, plans=named)
        assert [r.recorded_plan for r in records] == [2026, str(copy), 2026]
        assert len(h) == 3 and records[0].outcome is gr.Outcome.accepted


def test_replay_never_loads_a_plan_named_in_the_store(tmp_path: Path) -> None:
    """issue 10 item 1: replay judges a record made under a plan file again only under a plan the caller
    names; the path in the store is never opened."""
    copy = plan_copy(tmp_path)
    with History() as h:
        h.record(event_2026("application_submitted", "2026-04-10"), gr.load_plan(copy))
        h.record(event_2026("recommended", "2026-04-18", recommender={"name": "x", "kind": "enterprise"}), 2026)
        assert h.records()[0].recorded_plan == str(copy.resolve())
        stored = [d.model_dump(mode="json") for d in h.decisions()]
        copy.write_text("SECRET-CONTENT-42\n", encoding="utf-8")  # the file changed since: never read
        with pytest.raises(HistoryStoreError, match="seq 1") as info:
            h.replay()
        assert "SECRET" not in str(info.value)
        copy.write_bytes((plans_dir() / "2026.yaml").read_bytes())
        again = h.replay(plans={str(copy.resolve()): gr.load_plan(copy)})
        assert [d.model_dump(mode="json") for d in again] == stored
        assert [d.model_dump(mode="json") for d in h.replay(2026)][1] == stored[1]
