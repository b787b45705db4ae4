-- 0001: the record. One row per recorded event: the event and its decision as JSON text, exactly as
-- exported, and the columns the store selects by. seq numbers the records in the one order they
-- were committed (AUTOINCREMENT: a seq is never reused).
-- 记录表：每个事件一行，事件与决定以 JSON 文本保存，另有用于查询的列；seq 为提交顺序。
CREATE TABLE records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'needs_review')),
    plan_year INTEGER NOT NULL,
    recorded_plan TEXT NOT NULL,
    event_year INTEGER,
    event_date TEXT,
    credit_code TEXT,
    unit TEXT,
    unit_key TEXT,
    unit_name_key TEXT,
    project_name TEXT,
    project_key TEXT,
    as_of TEXT,
    event_json TEXT NOT NULL,
    decision_json TEXT NOT NULL
);
CREATE INDEX records_unit_key ON records (unit_key);
CREATE INDEX records_credit_code ON records (credit_code);
CREATE INDEX records_unit_name_key ON records (unit_name_key);
CREATE INDEX records_outcome ON records (outcome, seq);
