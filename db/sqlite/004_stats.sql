-- 004: statistics kept current in the same transaction as every write (the engine and the
-- org registry add and take away), so the overview and the map read a few hundred counters
-- instead of counting every record. One row per (kind, dimension, key, status):
--   kind    achievement | demand | org
--   dim     all (key '') | section (GB/T 4754 门类 letter) | region (GB/T 2260 code as stored)
--           | month (YYYY-MM of created_at)
--   status  the record's state; for an org, its kind
-- '' stands for "not given". Rows whose count went back to 0 stay (and are skipped by reads).
-- kezhuan restore and migrate --from rebuild the counts from the rows (Q_STAT_REBUILD).
CREATE TABLE stat_counts (
    kind   TEXT NOT NULL,
    dim    TEXT NOT NULL,
    key    TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, dim, key, status)
);
INSERT INTO stat_counts (kind, dim, key, status, n)
SELECT 'achievement', 'all', '', status, count(*) FROM achievements GROUP BY status
UNION ALL SELECT 'achievement', 'section', coalesce(industry_section, ''), status, count(*) FROM achievements GROUP BY coalesce(industry_section, ''), status
UNION ALL SELECT 'achievement', 'region', coalesce(region, ''), status, count(*) FROM achievements GROUP BY coalesce(region, ''), status
UNION ALL SELECT 'achievement', 'month', substr(created_at, 1, 7), status, count(*) FROM achievements GROUP BY substr(created_at, 1, 7), status
UNION ALL SELECT 'demand', 'all', '', status, count(*) FROM demands GROUP BY status
UNION ALL SELECT 'demand', 'section', coalesce(industry_section, ''), status, count(*) FROM demands GROUP BY coalesce(industry_section, ''), status
UNION ALL SELECT 'demand', 'region', coalesce(region, ''), status, count(*) FROM demands GROUP BY coalesce(region, ''), status
UNION ALL SELECT 'demand', 'month', substr(created_at, 1, 7), status, count(*) FROM demands GROUP BY substr(created_at, 1, 7), status
UNION ALL SELECT 'org', 'all', '', kind, count(*) FROM orgs GROUP BY kind
UNION ALL SELECT 'org', 'region', coalesce(region, ''), kind, count(*) FROM orgs GROUP BY coalesce(region, ''), kind
UNION ALL SELECT 'org', 'month', substr(created_at, 1, 7), kind, count(*) FROM orgs GROUP BY substr(created_at, 1, 7), kind;
