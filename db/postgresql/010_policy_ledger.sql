-- 010: 政策兑现 reward applications (src/kinds/policy_application.c; the applications are rows of
-- kind_records, children of their policy).
-- policy_claims: which application holds a (policy, subject) pair — at most one application per
-- policy and subject from submission until it is rejected or withdrawn. Kept by every write of
-- an application in the write's own transaction (the kind's `counted` hook) and recounted by
-- kezhuan stats verify and restore.
CREATE TABLE policy_claims (
    policy_id      bigint NOT NULL,
    subject_id     bigint NOT NULL,
    application_id bigint NOT NULL,
    PRIMARY KEY (policy_id, subject_id)
);
-- policy_ledger: the amounts approved (committed: approved and paid) and paid under a policy,
-- kept the same way: per policy (org_id 0, year 0: what its budget has committed) and per
-- policy, applicant org and year of approval (the per-org yearly cap). n counts applications.
CREATE TABLE policy_ledger (
    policy_id     bigint NOT NULL,
    org_id        bigint NOT NULL,
    year          integer NOT NULL,
    n             bigint NOT NULL,
    committed_fen bigint NOT NULL,
    paid_fen      bigint NOT NULL,
    PRIMARY KEY (policy_id, org_id, year)
);
