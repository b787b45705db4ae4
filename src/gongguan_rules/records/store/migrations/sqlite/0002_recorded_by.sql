-- 0002: who recorded each record (the service stores its token's name); NULL when nobody was named.
-- 记录人（服务以令牌名称记入）；未注明时为 NULL。
ALTER TABLE records ADD COLUMN recorded_by TEXT;
