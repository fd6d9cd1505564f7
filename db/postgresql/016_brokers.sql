-- 016: the registry of technology brokers and 科技特派员 (src/kinds/broker.c: registry entries,
-- their trainings and the enterprises assigned to them are rows of kind_records) and what their deals
-- amount to (domain/broker.c). Their counts are rows of record_counts under entity 'broker', by the
-- broker's user account: the deals they took by state ('deal:<status>', 'taken', 'reached:contacted'),
-- declined by reason ('declined:<code>'), the days from recommendation to signature ('signdays:<n>',
-- a histogram: the median is exact), verified trainings ('train:n', 'train:hours'), enterprises
-- served ('assigned') and the account's registry entry ('rec:<id>', 'on:<id>' while registered).
-- This index answers a ranking (the accounts with the most of a count) without reading the others.
CREATE INDEX record_counts_rank ON record_counts (entity, key, n);
