-- 0001: the record, shared by every office that writes to this database. One row per recorded
-- event: the event and its decision as JSON text, exactly as exported (text, not jsonb, so that the
-- bytes stay as stored; cast decision_json::jsonb to query inside it), and the columns the store
-- selects by. seq numbers the records in the one order they were committed: it is assigned inside
-- the writing transaction, under the store's lock, as the last seq plus one (no sequence object,
-- so no gap is left by a transaction that rolls back).
-- 记录表（各单位共用）：事件与决定以 JSON 文本保存；seq 在写事务内、持锁时取最大值加一，无空号。
CREATE TABLE gongguan_schema (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE gongguan_records (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    kind text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'needs_review')),
    plan_year integer NOT NULL,
    recorded_plan text NOT NULL,
    event_year integer,
    event_date text,
    credit_code text,
    unit text,
    unit_key text,
    unit_name_key text,
    project_name text,
    project_key text,
    as_of text,
    event_json text NOT NULL,
    decision_json text NOT NULL
);
-- Hash indexes: equality is all the store asks of these, and a hash index takes a key of any
-- length (a B-tree refuses one above about 2,700 bytes, and a unit's name may be longer).
CREATE INDEX gongguan_records_unit_key ON gongguan_records USING hash (unit_key);
CREATE INDEX gongguan_records_credit_code ON gongguan_records USING hash (credit_code);
CREATE INDEX gongguan_records_unit_name_key ON gongguan_records USING hash (unit_name_key);
CREATE INDEX gongguan_records_outcome ON gongguan_records (outcome, seq);
