-- 015: matchmaking events (src/kinds/event.c, domain/event.c; events and their registrations are rows
-- of kind_records, the registrations children of their event; a deal may name the event that started
-- it) and the counts records keep of others.
-- record_counts: per record (entity, id), named counts kept by the kinds' `counted` hooks in each
-- write's own transaction and recounted by kezhuan stats verify and restore — an event's
-- registrations by state ('reg:<status>'), the attendees they announce ('att:<status>') and the deals
-- it started ('deal:<status>'); an org's deals declined on its demand side by reason
-- ('declined:<code>', which the matching of its demands reads). An event's results read them; a
-- registration checks the capacity against them under the write lock.
CREATE TABLE record_counts (
    entity TEXT NOT NULL,
    id     INTEGER NOT NULL,
    key    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (entity, id, key)
);
