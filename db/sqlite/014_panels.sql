-- 014: expert panels (src/kinds/panel.c, domain/panel.c; a panel is a row of kind_records, a child of
-- the challenge it reviews). One mechanism wherever experts score.
-- expert_profiles: an expert's own profile — 职称, fields (GB/T 4754 codes as ",a,b,") and their
-- sections (门类 letters as ",C,M,": the candidates' lookup), specialty,
-- availability and the orgs the expert declares a standing conflict with (",id,id,").
-- panel_members: who is on a panel and where each stands (invited, declared, scored, recused,
-- withdrawn), with the conflict an expert declared or the reason of a withdrawal.
-- panel_scores: one score sheet per member and item (a record the panel reviews): each criterion's
-- score as JSON, the weighted total in hundredths of a point out of 100, and the comment. Sealed
-- until the panel closes (domain/panel.c answers them only then).
-- The created_by indexes serve the co-worker rule of the conflict check: the records an expert
-- entered for an org in the last N years.
CREATE TABLE expert_profiles (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id),
    title        TEXT NOT NULL,
    fields       TEXT NOT NULL,
    sections     TEXT NOT NULL,
    specialty    TEXT,
    availability TEXT NOT NULL,
    conflict_orgs TEXT NOT NULL DEFAULT ',',
    updated_at   TEXT NOT NULL
);
CREATE TABLE panel_members (
    panel_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    status      TEXT NOT NULL,
    note        TEXT,
    invited_by  INTEGER REFERENCES users(id),
    invited_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (panel_id, user_id)
);
CREATE INDEX panel_members_user ON panel_members (user_id, panel_id);
CREATE TABLE panel_scores (
    panel_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    item_id   INTEGER NOT NULL,
    scores    TEXT NOT NULL,
    total_c   INTEGER NOT NULL,
    comment   TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (panel_id, user_id, item_id)
);
CREATE INDEX achievements_created_by ON achievements (created_by, org_id);
CREATE INDEX demands_created_by ON demands (created_by, org_id);
CREATE INDEX kind_records_created_by ON kind_records (created_by, org_id);
