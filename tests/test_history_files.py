"""Loading past records (history) from YAML, JSON Lines and CSV files.

The records feed the duplication clauses (管理办法 第八条（三）; 2019 七（三）; 2021 三（一）;
2025 二（三）, 六（三）; 2026 一（三）) and the five-year bar after a revocation (第二十五条).
The CSV fixtures use the column titles of the 2019 附件2 and the 2021 附表 as printed.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import pickle
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gongguan_rules.records.history_files import HistoryFileError, load_history_file

FIXTURES = Path(__file__).parent / "fixtures" / "history"

ANNEX2_2019_HEADER = ",".join(
    [
        "序号",
        "申报单位名称 (与公章一致)",
        "统一社会信用 代码",
        "行业",
        "所在区",
        "项目名称",
        "项目 负责人",
        "联系方式",
        "电子邮箱",
    ]
)


def load_error(path: Path | str, kind: str | None = None) -> HistoryFileError:
    with pytest.raises(HistoryFileError) as caught:
        load_history_file(path, kind)
    return caught.value


# --------------------------------------------------------------------------- the formats


def test_2019_annex2_csv_with_bom() -> None:
    """2019 七（三） 不得与历年项目雷同: the 2019 附件2 table (UTF-8 with BOM, titles above the
    header, a pre-numbered empty row and signature lines below) reads as past projects."""
    raw = (FIXTURES / "binhai_2019_annex2.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    events = load_history_file(FIXTURES / "binhai_2019_annex2.csv", kind="approved")
    assert events == [
        {
            "kind": "approved",
            "credit_code": "91120116MA05K3T7XB",
            "unit": "天津某焊材有限公司",
            "project_name": "降低药芯焊丝焊接飞溅率",
            "district": "滨海新区",
        },
        {
            "kind": "approved",
            "credit_code": "91120116MA06ABCD1X",
            "unit": "天津某汽车零部件有限公司",
            "project_name": "《提高座椅骨架焊接一次合格率》",
            "district": "滨海新区",
        },
    ]
    assert (FIXTURES / "binhai_2019_annex2.csv").read_bytes() == raw


def test_2021_annex_table_in_gb18030() -> None:
    """2021 三（一） 不得与历年项目雷同: the 2021 附表 saved by a Chinese spreadsheet (GB18030)
    reads as past projects; its other columns (企业规模, 课题类型, 备注 …) are ignored."""
    raw = (FIXTURES / "wuqing_2021_annex_gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    events = load_history_file(FIXTURES / "wuqing_2021_annex_gb18030.csv", kind="立项")
    assert [event["project_name"] for event in events] == [
        "提高高压电缆绝缘层偏心度合格率",
        "降低冻干粉针剂可见异物不合格率",
    ]
    assert all(event["kind"] == "approved" and event["district"] == "武清区" for event in events)
    assert set(events[0]) == {"kind", "credit_code", "unit", "project_name", "district"}


def test_yaml_sections_set_the_kind() -> None:
    """2025 二（三） and 六（三）: past projects and excellent results are kept apart, so each
    clause can be checked against its own scope; 第二十五条 revocations carry their reason."""
    events = load_history_file(FIXTURES / "history_sections.yaml")
    assert [event["kind"] for event in events] == [
        "approved",
        "approved",
        "excellent_recognized",
        "recognition_revoked",
    ]
    assert events[1] == {
        "kind": "approved",
        "year": 2019,
        "unit": "天津某焊材有限公司",
        "project_name": "降低药芯焊丝焊接飞溅率",
    }
    assert events[2]["date"] == "2024-09-30"
    assert events[3] == {
        "kind": "recognition_revoked",
        "date": "2025-03-01",
        "credit_code": "91120222MA07QWER3P",
        "reason": "false_materials",
    }


def test_yaml_list_with_chinese_kinds_and_dates() -> None:
    """管理办法 第二十五条: 撤销认定 for 采取不正当手段 is read with its date; 立项 and
    认定优秀成果 are the kinds of the duplication clauses (2026 一（三）)."""
    events = load_history_file(FIXTURES / "history_list.yml")
    assert events == [
        {
            "kind": "approved",
            "year": 2025,
            "unit": "天津某精密机械有限公司",
            "project_name": "提升精密齿轮加工尺寸精度",
        },
        {
            "kind": "excellent_recognized",
            "year": 2025,
            "date": "2025-10-08",
            "unit": "天津某精密机械有限公司",
            "project_name": "提升精密齿轮加工尺寸精度",
        },
        {
            "kind": "recognition_revoked",
            "date": "2026-01-15",
            "unit": "天津某精密机械有限公司",
            "reason": "improper_means",
        },
    ]


def test_jsonl_skips_blank_lines() -> None:
    """管理办法 第八条（三） 不得与历年优秀成果项目雷同: excellent results kept as JSON Lines."""
    events = load_history_file(FIXTURES / "history.jsonl")
    assert [event["kind"] for event in events] == [
        "approved",
        "excellent_recognized",
        "recognition_revoked",
    ]
    assert events[2]["date"] == "2026-02-03"


def test_csv_with_english_keys_tabs_and_an_explicit_kind(tmp_path: Path) -> None:
    """管理办法 第二十五条: a revocation table with kind, date and reason columns (tab-separated
    as spreadsheets export it) reads with no default kind."""
    path = tmp_path / "revocations.csv"
    path.write_text(
        "kind\tdate\tcredit_code\tunit\treason\n"
        "撤销认定\t2024年3月5日\t91120116ma05k3t7xb\t天津某焊材有限公司\t提供虚假材料\n",
        encoding="utf-8",
    )
    assert load_history_file(path) == [
        {
            "kind": "recognition_revoked",
            "date": "2024-03-05",
            "credit_code": "91120116MA05K3T7XB",
            "unit": "天津某焊材有限公司",
            "reason": "false_materials",
        }
    ]


def test_row_kind_wins_over_the_default(tmp_path: Path) -> None:
    """2025 二（三） / 六（三）: one table may mix past projects and excellent results."""
    path = tmp_path / "mixed.csv"
    path.write_text(
        "类型,年度,申报单位名称,项目名称\n优秀成果,2024年,天津某公司,降低某缺陷率\n,2023年度,天津某公司,降低某缺陷率\n",
        encoding="utf-8",
    )
    events = load_history_file(path, kind="approved")
    assert [(e["kind"], e["year"]) for e in events] == [
        ("excellent_recognized", 2024),
        ("approved", 2023),
    ]


@pytest.mark.parametrize(
    "written", ["2021-04-16", "2021/4/16", "2021年4月16日", "２０２１年４月１６日", " 2021-04-16 "]
)
def test_accepted_date_spellings(tmp_path: Path, written: str) -> None:
    """2021 三（一）: past records dated as officials write dates all read as one ISO date."""
    path = tmp_path / "dates.jsonl"
    record = {"kind": "approved", "date": written, "unit": "天津某公司", "project_name": "某项目"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_history_file(path)[0]["date"] == "2021-04-16"


def test_yaml_datetime_is_read_in_beijing_time(tmp_path: Path) -> None:
    """管理办法 第二十五条: a revocation time given in UTC counts on its Beijing calendar day."""
    path = tmp_path / "revocation.yaml"
    path.write_text(
        "- kind: recognition_revoked\n  date: 2025-12-31T20:00:00Z\n  unit: 天津某公司\n",
        encoding="utf-8",
    )
    assert load_history_file(path)[0]["date"] == "2026-01-01"


# --------------------------------------------------------------------------- faults


def test_every_fault_of_a_csv_is_reported_with_its_physical_line() -> None:
    """2019 七（三）: a broken table of past projects is refused as a whole, naming every bad
    row by the line it starts on (a quoted name over two lines shifts the rest)."""
    error = load_error(FIXTURES / "bad_rows.csv")
    path = str(FIXTURES / "bad_rows.csv")
    assert error.path == path
    assert [line for line, _ in error.errors] == [4, 5, 6, 7, 8, 9]
    assert error.line == 4
    assert error.field == "kind"
    assert error.fields == ["kind", "year", "date", "reason", "project_name", "credit_code"]
    lines = str(error).splitlines()
    assert len(lines) == 6
    assert lines[0].startswith(f"{path}:4: unknown kind 'approve' (did you mean 'approved'?)")
    assert lines[1].startswith(f"{path}:5: bad year '21'")
    assert lines[2].startswith(f"{path}:6: unparseable date '2021-02-30'")
    assert lines[3].startswith(f"{path}:7: unknown reason '造假'")
    assert lines[4] == f"{path}:8: project_name (项目名称) is required for kind excellent_recognized"
    assert lines[5].startswith(f"{path}:9: neither credit_code")


def test_misspelt_columns_get_a_suggestion() -> None:
    """2021 附表: a misspelt column title is refused with the title it was probably meant to be."""
    error = load_error(FIXTURES / "misspelt_column.csv", kind="approved")
    messages = [message for _, message in error.errors]
    assert error.errors[0][0] == 1
    assert "unknown column '项目名' (did you mean '项目名称'?)" in messages[0]
    assert "unknown column 'project_nmae' (did you mean 'project_name'?)" in messages[1]
    assert error.field == "项目名"


def test_jsonl_faults() -> None:
    """管理办法 第八条（三）: malformed JSON, a non-object, a duplicate key, an unknown key and a
    bad year are all reported, each with its line."""
    error = load_error(FIXTURES / "bad.jsonl")
    by_line: dict[int | None, list[str]] = {}
    for line, message in error.errors:
        by_line.setdefault(line, []).append(message)
    assert sorted(by_line, key=str) == [2, 3, 4, 5, 6]
    assert by_line[2][0].startswith("malformed JSON")
    assert by_line[3] == ["expected a JSON object, not list"]
    assert by_line[4] == ["duplicate key 'unit'"]
    assert "did you mean 'project_name'?" in by_line[5][0]
    assert by_line[6][0].startswith("bad year True")


def test_yaml_faults_point_at_their_lines() -> None:
    """2025 六（三）: a YAML record list with a duplicate key, a non-mapping item, an impossible
    year and a misspelt section is refused with every fault and its line."""
    error = load_error(FIXTURES / "bad_sections.yaml")
    assert error.errors == [
        (4, "duplicate key 'unit' (first at line 2)"),
        (5, "a record must be a mapping of keys to values"),
        (7, "bad year 1889: expected a whole year from 1990 to 2100"),
        (
            9,
            "unknown section 'revocation' (did you mean 'revocations'?); expected "
            "past_projects, excellent_results, revocations",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("just a string\n", 1, "expected a list of records"),
        ("", None, "the file is empty"),
        ("- kind: approved\n  unit: [天津某公司\n", 3, "invalid YAML"),
        ("- !!python/object:os.system {}\n", 1, "invalid YAML"),
        ("past_projects: 3\n", 1, "must be a list of records"),
        ("- kind: approved\n  unit: {name: x}\n  project_name: y\n", 2, "single value"),
    ],
)
def test_yaml_shape_faults(tmp_path: Path, text: str, line: int | None, fragment: str) -> None:
    """管理办法 第八条（三）: only safe YAML of the documented shape is accepted; anything else is
    a file:line error, never a traceback from inside the parser."""
    path = tmp_path / "history.yaml"
    path.write_text(text, encoding="utf-8")
    error = load_error(path)
    assert error.line == line
    assert fragment in error.errors[0][1]


def test_section_kind_must_not_be_contradicted(tmp_path: Path) -> None:
    """2026 一（三）: a record filed under excellent_results cannot claim to be a mere project."""
    path = tmp_path / "history.yaml"
    path.write_text(
        "excellent_results:\n  - kind: approved\n    unit: 天津某公司\n    project_name: x\n",
        encoding="utf-8",
    )
    error = load_error(path)
    assert error.errors == [(2, "kind 'approved' contradicts the section 'excellent_results' (excellent_recognized)")]


def test_missing_kind_without_default_is_a_fault(tmp_path: Path) -> None:
    """2019 七（三）: a table of unknown kind cannot say which clause it serves."""
    path = tmp_path / "projects.csv"
    path.write_text(ANNEX2_2019_HEADER + "\n1,天津某公司,,,滨海新区,某项目,,,\n", encoding="utf-8")
    error = load_error(path)
    assert error.errors == [
        (2, "no kind: give a kind column/key or pass kind= for the file"),
    ]


def test_reason_only_for_revocations(tmp_path: Path) -> None:
    """管理办法 第二十五条: a ground of revocation on a record that is not a revocation is a
    contradiction in the file."""
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"kind": "approved", "unit": "甲", "project_name": "乙", "reason": "improper_means"}\n',
        encoding="utf-8",
    )
    assert load_error(path).errors == [(1, "reason applies only to recognition_revoked, not to approved")]


def test_bad_default_kind_and_extension(tmp_path: Path) -> None:
    """管理办法 第八条（三）: the caller's own mistakes are reported before the file is read."""
    path = tmp_path / "projects.csv"
    path.write_text(ANNEX2_2019_HEADER + "\n", encoding="utf-8")
    error = load_error(path, kind="project")
    assert error.line is None and error.field == "kind"
    assert str(error).startswith(f"{path}: the default unknown kind 'project'")
    assert load_history_file(path, kind="approved") == []
    other = tmp_path / "projects.json"
    other.write_text("[]", encoding="utf-8")
    assert "unsupported file type '.json'" in str(load_error(other))


def test_csv_structure_faults(tmp_path: Path) -> None:
    """2021 附表: duplicate columns, overlong rows and a file without a header are refused."""
    path = tmp_path / "projects.csv"
    path.write_text("申报单位名称,unit,项目名称\n天津某公司,天津某公司,某项目,多余\n", encoding="utf-8")
    error = load_error(path, kind="approved")
    assert error.errors == [
        (1, "columns '申报单位名称' and 'unit' both give unit"),
        (2, "row has 4 cells but the header names 3"),
    ]
    empty = tmp_path / "empty.csv"
    empty.write_text("附件2\n", encoding="utf-8")
    assert load_error(empty, kind="approved").errors == [(None, "no header row (a header names at least two columns)")]


def test_undecodable_bytes(tmp_path: Path) -> None:
    """2019 附件2: bytes that are neither UTF-8 nor GB18030 are a fault naming their line."""
    path = tmp_path / "projects.csv"
    path.write_bytes(b"\x81\x20\xff\xfe\x00")
    error = load_error(path, kind="approved")
    assert error.errors == [(1, "第 1 行既不是 UTF-8 也不是 GB18030 编码 / line 1 is neither UTF-8 nor GB18030 text")]


def test_error_attributes_and_message() -> None:
    """管理办法 第八条（三）: the error carries its data as attributes, not only as text."""
    error = HistoryFileError("h.csv", [(3, "bad"), (None, "worse")], ["year", None])
    assert isinstance(error, ValueError)
    assert (error.path, error.line, error.field) == ("h.csv", 3, "year")
    assert str(error) == "h.csv:3: bad\nh.csv: worse"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.errors, copy.fields, str(copy)) == (
        error.path,
        error.errors,
        error.fields,
        str(error),
    )
    with pytest.raises(ValueError):
        HistoryFileError("h.csv", [])


# --------------------------------------------------------------------------- round trips

texts = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
records = st.fixed_dictionaries(
    {"kind": st.sampled_from(["approved", "excellent_recognized", "recognition_revoked"])},
    optional={
        "year": st.integers(min_value=1990, max_value=2100),
        "date": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
        "district": texts,
        "reason": st.sampled_from(["false_materials", "improper_means"]),
    },
).flatmap(
    lambda base: st.fixed_dictionaries(
        {
            **{key: st.just(value) for key, value in base.items() if key != "reason"},
            **(
                {"reason": st.just(base["reason"])}
                if "reason" in base and base["kind"] == "recognition_revoked"
                else {}
            ),
            "unit": texts,
            "project_name": texts,
        },
        optional={"credit_code": st.from_regex(r"[0-9A-HJ-NPQRTUWXY]{18}", fullmatch=True)},
    )
)

FIELD_ORDER = ["kind", "year", "date", "credit_code", "unit", "project_name", "district", "reason"]


def canonical(record: dict[str, object]) -> dict[str, object]:
    return {key: record[key] for key in FIELD_ORDER if key in record}


def write_csv(path: Path, rows: list[dict[str, object]], encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "序号",
            "类型",
            "年度",
            "日期",
            "统一社会信用代码",
            "申报单位名称 (与公章一致)",
            "项目名称",
            "所在区",
            "撤销原因",
        ]
    )
    for number, row in enumerate(rows, start=1):
        writer.writerow(
            [number]
            + [
                row.get(key, "")
                for key in [
                    "kind",
                    "year",
                    "date",
                    "credit_code",
                    "unit",
                    "project_name",
                    "district",
                    "reason",
                ]
            ]
        )
    path.write_bytes(buffer.getvalue().encode(encoding))


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=6), st.sampled_from(["jsonl", "yaml", "csv", "csv-gb18030"]))
def test_round_trip(rows: list[dict[str, object]], form: str) -> None:
    """管理办法 第八条（三）, 第二十五条: whatever valid records are written, in any supported
    format and encoding, are read back unchanged."""
    with tempfile.TemporaryDirectory() as folder:
        if form == "jsonl":
            path = Path(folder) / "h.jsonl"
            path.write_text(
                "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                encoding="utf-8",
            )
        elif form == "yaml":
            path = Path(folder) / "h.yaml"
            path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
        else:
            path = Path(folder) / "h.csv"
            encoding = "gb18030" if form == "csv-gb18030" else "utf-8-sig"
            write_csv(path, rows, encoding)
        assert load_history_file(path) == [canonical(row) for row in rows]
