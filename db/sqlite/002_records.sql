-- 002: 成果库 achievements and 需求库 demands, their revisions, access requests to the
-- confidential detail, and in-app notifications.
CREATE TABLE achievements (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    created_by       INTEGER REFERENCES users(id),
    status           TEXT NOT NULL CHECK (status IN ('draft','submitted','screening','published',
                                                      'rejected','withdrawn','expired','archived')),
    title            TEXT NOT NULL,
    industry         TEXT,
    industry_section TEXT,             -- GB/T 4754 门类 letter of industry, for filtering
    region           TEXT,
    trl              INTEGER,
    price_fen        INTEGER,
    transfer_modes   TEXT NOT NULL DEFAULT ',', -- ",transfer,license," for filtering
    valid_until      TEXT,
    data             TEXT NOT NULL,    -- every field of the record as JSON
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    published_at     TEXT
);
CREATE INDEX achievements_status ON achievements(status, id);
CREATE INDEX achievements_org ON achievements(org_id, id);
CREATE INDEX achievements_region ON achievements(region);
CREATE INDEX achievements_industry ON achievements(industry_section, industry);

CREATE TABLE demands (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    created_by       INTEGER REFERENCES users(id),
    status           TEXT NOT NULL CHECK (status IN ('draft','submitted','published','matched',
                                                      'closed','rejected')),
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    industry         TEXT,
    industry_section TEXT,
    region           TEXT,
    trl_min          INTEGER,
    budget_min_fen   INTEGER,
    budget_max_fen   INTEGER,
    cooperation_modes TEXT NOT NULL DEFAULT ',',
    deadline         TEXT,
    data             TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    published_at     TEXT
);
CREATE INDEX demands_status ON demands(status, id);
CREATE INDEX demands_org ON demands(org_id, id);
CREATE INDEX demands_region ON demands(region);

-- Every version of a record, with who made it and why.
CREATE TABLE revisions (
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    comment   TEXT,
    status    TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, version)
);

CREATE TABLE access_requests (
    id             INTEGER PRIMARY KEY,
    achievement_id INTEGER NOT NULL REFERENCES achievements(id),
    requester_id   INTEGER NOT NULL REFERENCES users(id),
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending','approved','declined','revoked')),
    comment        TEXT,
    decided_by     INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    decided_at     TEXT
);
CREATE INDEX access_requests_achievement ON access_requests(achievement_id, id);
CREATE INDEX access_requests_requester ON access_requests(requester_id, achievement_id);

CREATE TABLE notifications (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    message   TEXT NOT NULL,
    read_at   TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
