"""product.md, "The HTTP service (optional extra `server`)": the table of paths — plans, rules, evaluation (byte for
byte the library's), `history` absent vs `[]`, records with `recorded_by`, a unit's standing — on one
`gongguan-rules serve` for the package (conftest.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import gongguan_rules as gr

from .service_support import (
    NAME,
    OTHER_NAME,
    OTHER_TOKEN,
    TOKEN,
    auth,
    record,
    unit_code,
)
from .support import BASE, P2025, app, cited, statuses

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")


# ------------------------------------------------------------------ plans and rules


def test_get_plans(client: httpx.Client) -> None:
    """product.md: `GET /v1/plans` → `[2019, 2021, 2025, 2026]`."""
    r = client.get("/v1/plans")
    assert r.status_code == 200
    assert r.json() == [2019, 2021, 2025, 2026]


def test_get_a_plan_and_an_unknown_year(client: httpx.Client) -> None:
    """product.md: `GET /v1/plans/{year}` — "the plan's documents, clauses and schedule with citations; an unknown
    year is 404"."""
    r = client.get("/v1/plans/2025")
    assert r.status_code == 200
    text = json.dumps(r.json(), ensure_ascii=False)
    assert P2025 in text
    assert "4月16日前" in text  # 六（四） its schedule
    assert "六" in text and "（四）" in text
    assert client.get("/v1/plans/2030").status_code == 404
    assert client.get("/v1/plans/1").status_code == 404


def test_get_a_rule(client: httpx.Client) -> None:
    """product.md: `GET /v1/rules/{rule_id}` `?plan=` — "the rule, its citation and its text under that plan (default:
    the latest bundled plan)"."""
    d = gr.evaluate(BASE[2025], 2025)
    f = cited(d, "津政办规〔2023〕12号", "第二十五条")[0]
    r = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2025})
    assert r.status_code == 200, r.text
    text = json.dumps(r.json(), ensure_ascii=False)
    assert "第二十五条" in text
    assert "5年内不接受其再次申报质量攻关项目" in text  # its text
    assert client.get(f"/v1/rules/{f.rule_id}").status_code == 200
    assert client.get("/v1/rules/no.such.rule").status_code == 404


# ------------------------------------------------------------------ evaluation


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_evaluate_is_the_library_byte_for_byte(client: httpx.Client, year: int) -> None:
    """product.md: `POST /v1/evaluate` → "200, the Decision as `model_dump(mode="json")`"; docs/service.md: "byte for
    byte what `gr.evaluate` gives in Python on the same JSON" (`json.dumps(decision.model_dump(mode="json"))`)."""
    application = app(year, **{"applicant.credit_code": unit_code(year)}) if year in (2019, 2025) else BASE[year]
    r = client.post("/v1/evaluate", json={"application": application, "plan": year, "history": []})
    assert r.status_code == 200, r.text
    expected = gr.evaluate(application, year, history=[]).model_dump(mode="json")
    assert r.json() == expected
    assert r.content == json.dumps(expected).encode("utf-8")
    assert gr.Decision.model_validate(r.json()) == gr.evaluate(application, year, history=[])


def test_evaluate_with_as_of(client: httpx.Client) -> None:
    """product.md: the body `{"application": {...}, "plan": 2026, "history": [...], "as_of": null}`."""
    body = {"application": BASE[2026], "plan": 2026, "history": [], "as_of": "2026-04-21"}
    r = client.post("/v1/evaluate", json=body)
    assert r.status_code == 200
    assert r.json() == gr.evaluate(BASE[2026], 2026, history=[], as_of="2026-04-21").model_dump(mode="json")
    r = client.post("/v1/evaluate", json={**body, "as_of": None})
    assert r.json()["as_of"] == "2026-04-18"


def test_evaluate_an_event(client: httpx.Client) -> None:
    """product.md: `POST /v1/events/evaluate` `{"event": {...}, "plan": 2026, "history": [...]}` → 200, the Decision."""
    code = unit_code(11)
    e = {
        "kind": "推荐",
        "date": "2026-04-21",
        "year": 2026,
        "credit_code": code,
        "unit": "某单位",
        "project_name": "某项目",
    }
    history = [
        {
            "kind": "申报",
            "date": "2026-04-10",
            "year": 2026,
            "credit_code": code,
            "unit": "某单位",
            "project_name": "某项目",
        }
    ]
    r = client.post("/v1/events/evaluate", json={"event": e, "plan": 2026, "history": history})
    assert r.status_code == 200
    expected = gr.evaluate_event(e, 2026, history=history).model_dump(mode="json")
    assert r.json() == expected
    assert r.content == json.dumps(expected).encode("utf-8")
    assert r.json()["outcome"] == "rejected"  # 四（一） 4月20日前


def test_history_absent_is_the_stored_record_and_empty_is_none(client: httpx.Client) -> None:
    """product.md: "`history` absent: the server's stored record; a list: exactly that list (`[]`: none)". A project of
    the unit approved under 2021 makes the same project under 2025 a duplicate of a past project (2025 六（三）
    不得与历年项目雷同) when the stored record is read, and not when `[]` is given."""
    code = unit_code(21)
    unit = {"credit_code": code, "unit": "天津某新材料有限公司", "project_name": "提高碳纤维复合材料一致性"}
    for kind, day in (
        ("application_submitted", "2021-04-10"),
        ("recommended", "2021-04-15"),
        ("approved", "2021-06-01"),
    ):
        r = record(client, {"kind": kind, "date": day, "year": 2021, **unit}, 2021)
        assert r.status_code == 201, r.text
        assert r.json()["outcome"] == "accepted", r.json()
    application = app(
        2025, **{"applicant.credit_code": code, "applicant.name": unit["unit"], "project.name": unit["project_name"]}
    )
    stored = client.post("/v1/evaluate", json={"application": application, "plan": 2025})
    none = client.post("/v1/evaluate", json={"application": application, "plan": 2025, "history": []})
    null = client.post("/v1/evaluate", json={"application": application, "plan": 2025, "history": None})
    assert stored.status_code == none.status_code == 200
    d_stored = gr.Decision.model_validate(stored.json())
    d_none = gr.Decision.model_validate(none.json())
    assert d_none.outcome == "eligible"
    assert d_stored.outcome == "ineligible"
    assert "fail" in statuses(cited(d_stored, P2025, "六", "（三）"))
    assert null.status_code == 200 and gr.Decision.model_validate(null.json()).outcome == d_stored.outcome
    # events too: with the record, recommending the same project again is judged against it
    e = {"kind": "results_submitted", "date": "2021-10-10", "year": 2021, "notice_deadline": "2021-10-31", **unit}
    with_record = client.post("/v1/events/evaluate", json={"event": e, "plan": 2021})
    without = client.post("/v1/events/evaluate", json={"event": e, "plan": 2021, "history": []})
    assert gr.Decision.model_validate(without.json()).outcome == "rejected"  # no approval on record
    assert gr.Decision.model_validate(with_record.json()).outcome != "rejected"


# ------------------------------------------------------------------ records


def test_records_are_stored_with_their_decision_and_recorder(client: httpx.Client) -> None:
    """product.md: `POST /v1/records` `{"event": {...}, "plan": 2026}`, bearer token → "201, the stored record with its
    decision, committed before the answer"; `GET /v1/records` "?credit_code=&since=&limit=&after=" → "a JSON array of
    the records on file, oldest first, each as the store exports it (seq, event, decision, outcome) plus
    `recorded_by`. `since`: event date on or after; `after`: seq greater than; all of them unless `limit` is given"."""
    code = unit_code(31)
    unit = {"credit_code": code, "unit": "天津某电子有限公司", "project_name": "降低贴片虚焊率"}
    posted = []
    for kind, day, token in (
        ("application_submitted", "2026-04-08", TOKEN),
        ("recommended", "2026-04-17", OTHER_TOKEN),
        ("approved", "2026-05-20", TOKEN),
    ):
        r = record(client, {"kind": kind, "date": day, "year": 2026, **unit}, 2026, token)
        assert r.status_code == 201, r.text
        body = r.json()
        assert {"seq", "event", "decision", "outcome", "recorded_by"} <= set(body)
        assert body["recorded_by"] == (NAME if token == TOKEN else OTHER_NAME)
        assert body["outcome"] == body["decision"]["outcome"] == "accepted"
        gr.Decision.model_validate(body["decision"])
        posted.append(body)
    listed = client.get("/v1/records", params={"credit_code": code}, headers=auth())
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["seq"] for r in rows] == [p["seq"] for p in posted]
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)  # oldest first
    assert [r["recorded_by"] for r in rows] == [NAME, OTHER_NAME, NAME]
    assert [r["event"]["kind"] for r in rows] == ["application_submitted", "recommended", "approved"]
    for row in rows:
        assert {"seq", "event", "decision", "outcome", "recorded_by"} <= set(row)
    since = client.get("/v1/records", params={"credit_code": code, "since": "2026-04-17"}, headers=auth()).json()
    assert [r["event"]["date"] for r in since] == ["2026-04-17", "2026-05-20"]
    after = client.get("/v1/records", params={"credit_code": code, "after": posted[0]["seq"]}, headers=auth()).json()
    assert [r["seq"] for r in after] == [p["seq"] for p in posted[1:]]
    limited = client.get("/v1/records", params={"credit_code": code, "limit": 2}, headers=auth()).json()
    assert [r["seq"] for r in limited] == [p["seq"] for p in posted[:2]]
    everything = client.get("/v1/records", headers=auth()).json()
    assert {p["seq"] for p in posted} <= {r["seq"] for r in everything}
    assert [r["seq"] for r in everything] == sorted(r["seq"] for r in everything)


def test_unit_status_as_of_absent_is_the_latest_date_on_record(client: httpx.Client) -> None:
    """product.md: `GET /v1/units/{credit_code}/status` `?as_of=` → "the unit's standing (bar, recognitions); `as_of`
    absent: the latest date on record (never the clock)"."""
    code = unit_code(41)
    unit = {"credit_code": code, "unit": "天津某化工有限公司", "project_name": "降低催化剂损耗"}
    dates = {
        "application_submitted": "2024-04-10",
        "recommended": "2024-04-15",
        "approved": "2024-05-20",
        "results_submitted": "2024-09-10",
        "results_recommended": "2024-09-20",
    }
    for kind, day in dates.items():
        r = record(client, {"kind": kind, "date": day, "year": 2024, "notice_deadline": "2024-12-31", **unit}, 2026)
        assert r.status_code == 201, r.text
    status = client.get(f"/v1/units/{code}/status", headers=auth())
    assert status.status_code == 200, status.text
    every_date = [r["event"].get("date") for r in client.get("/v1/records", headers=auth()).json()]
    latest = max(d for d in every_date if d)
    body = status.json()
    text = json.dumps(body, ensure_ascii=False)
    assert latest in text, (latest, body)
    assert body.get("debarred") is False
    given = client.get(f"/v1/units/{code}/status", params={"as_of": "2024-05-01"}, headers=auth())
    assert given.status_code == 200
    assert "2024-05-01" in json.dumps(given.json())


def test_a_recorded_revocation_bars_the_unit(client: httpx.Client) -> None:
    """product.md: "`--history`: ... the shared record of several offices or servers"; `GET /v1/units/{credit_code}/
    status` — "the unit's standing (bar, recognitions)"; 第二十五条: a revocation recorded by one office bars the unit's
    new application at another (the service's stored record is the history when `history` is absent)."""
    code = unit_code(61)
    unit = {"credit_code": code, "unit": "天津某装备有限公司", "project_name": "提高液压阀密封可靠性"}
    panel = [{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}]
    steps = [
        ("application_submitted", "2026-04-10", {}),
        ("recommended", "2026-04-18", {}),
        ("approved", "2026-05-20", {}),
        ("results_submitted", "2026-09-10", {"notice_deadline": "2026-09-15"}),
        ("results_recommended", "2026-09-28", {}),
        ("evaluated", "2026-10-20", {"experts": panel}),
        ("excellent_recognized", "2026-11-20", {}),
        ("recognition_revoked", "2026-12-01", {"reason": "false_materials", "public_notice": True}),
    ]
    for kind, day, extra in steps:
        r = record(client, {"kind": kind, "date": day, "year": 2026, **unit, **extra}, 2026)
        assert r.status_code == 201, r.text
        assert r.json()["outcome"] != "rejected", (kind, r.json()["decision"])
    status = client.get(f"/v1/units/{code}/status", params={"as_of": "2027-03-01"}, headers=auth())
    assert status.status_code == 200
    body = status.json()
    assert body["debarred"] is True
    assert body["debarred_until"] == "2031-12-01"  # the corresponding date five years later
    text = json.dumps(body, ensure_ascii=False)
    assert "recognition_revoked" in text
    after_bar = client.get(f"/v1/units/{code}/status", params={"as_of": "2031-12-02"}, headers=auth()).json()
    assert after_bar["debarred"] is False
    application = app(
        2026,
        **{
            "applicant.credit_code": code,
            "applicant.district": "滨海新区",
            "project.name": "降低液压阀泄漏率",
            "submitted_to_recommender_on": "2027-03-01",
            "recommended_on": "2027-03-05",
        },
    )
    barred = gr.Decision.model_validate(
        client.post("/v1/evaluate", json={"application": application, "plan": 2026}).json()
    )
    assert statuses(cited(barred, "津政办规〔2023〕12号", "第二十五条")) == {"fail"}
    free = client.post("/v1/evaluate", json={"application": application, "plan": 2026, "history": []}).json()
    assert statuses(cited(gr.Decision.model_validate(free), "津政办规〔2023〕12号", "第二十五条")) == {"pass"}


def test_rule_default_plan_is_the_latest(client: httpx.Client) -> None:
    """product.md: `GET /v1/rules/{rule_id}` `?plan=` — "(default: the latest bundled plan)"."""
    on_day = cited(gr.evaluate(BASE[2026], 2026), "津市场监管质发〔2026〕2号", "四", "（一）", fact="recommended_on")
    f = next(f for f in on_day if "4月20日" in f.message("zh"))  # the deadline's own rule
    default = client.get(f"/v1/rules/{f.rule_id}")
    latest = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2026})
    assert default.status_code == latest.status_code == 200
    assert default.json() == latest.json()
    assert "4月20日" in json.dumps(default.json(), ensure_ascii=False)
    older = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2021})
    assert older.status_code == 200
    assert "4月16日" in json.dumps(older.json(), ensure_ascii=False)


def test_the_default_history_is_gongguan_sqlite3_in_the_working_directory(tmp_path: Path) -> None:
    """product.md: "The default is `gongguan.sqlite3` in the working directory (the embedded default: nothing to set
    up)."; `gr.History(url_or_path)` accepts the same forms as `--history`."""
    import subprocess
    import time

    from .support import cli_command, free_port, sha256_hex

    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"{NAME}:{sha256_hex(TOKEN.encode())}\n", "utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [*cli_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--token-file", str(tokens)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            e = {
                "kind": "申报",
                "date": "2026-04-10",
                "year": 2026,
                "credit_code": unit_code(71),
                "unit": "某单位",
                "project_name": "某项目",
            }
            assert c.post("/v1/records", json={"event": e, "plan": 2026}, headers=auth()).status_code == 201
            # `--max-body` "(default 8 MiB)": 100 KiB is read, a declared 8 MiB + 1 is 413 before any byte is sent
            padded = app(2026, **{"project.sector": "焊材" + " " * 100_000})
            assert c.post("/v1/evaluate", json={"application": padded, "plan": 2026, "history": []}).status_code == 200
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(
                b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {8 * 1024 * 1024 + 1}\r\n\r\n".encode()
            )
            assert s.recv(65536).startswith(b"HTTP/1.1 413")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert (tmp_path / "gongguan.sqlite3").exists()
    # the same file by each of the forms gr.History accepts
    for form in (
        str(tmp_path / "gongguan.sqlite3"),
        tmp_path / "gongguan.sqlite3",
        f"sqlite:///{tmp_path.as_posix()}/gongguan.sqlite3",
    ):
        store = gr.History(form)
        try:
            assert isinstance(store, gr.History)
        finally:
            store.close()


@pytest.mark.parametrize(
    ("year", "needles"),
    [
        (
            2019,
            ["2019年滨海新区质量攻关活动方案", "滨海新区质量工作领导小组办公室", "津质量组办〔2019〕2号", "district"],
        ),
        (2021, ["津质量组办〔2021〕1号", "天津市质量工作领导小组办公室", "city", "4月12日"]),
        (
            2025,
            ["津滨市场监管质监〔2025〕4号", "天津市滨海新区市场监督管理局", "津市场监管质发〔2025〕3号", "district"],
        ),
        (2026, ["津市场监管质发〔2026〕2号", "天津市市场监督管理委员会", "city", "9月30日"]),
    ],
)
def test_each_plan_says_its_issuer_level_and_parent(client: httpx.Client, year: int, needles: list[str]) -> None:
    """product.md: "From each plan: its issuing body, level (city/district) and parent document; ... every deadline
    and period of its schedule"; `GET /v1/plans/{year}` — "the plan's documents, clauses and schedule with
    citations". Seed README: 2019 implements 津质量组办〔2019〕2号, 2025 implements 津市场监管质发〔2025〕3号."""
    text = json.dumps(client.get(f"/v1/plans/{year}").json(), ensure_ascii=False)
    for needle in needles:
        assert needle in text, needle
