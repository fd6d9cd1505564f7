-- 011: shared instruments and 中试 (src/kinds/resource.c; the resources and their bookings are rows
-- of kind_records, a booking a child of its resource).
-- booking_slots: the time each approved or running booking holds on its resource, kept by every
-- write of a booking in the write's own transaction (the kind's `counted` hook) and recounted by
-- kezhuan stats verify and restore. Approving a booking looks here for an overlapping one (the
-- write lock makes two approvals take turns: no two approved bookings of a resource overlap).
-- Times are China Standard Time, "YYYY-MM-DDTHH:MM" (they compare as text).
CREATE TABLE booking_slots (
    booking_id  INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL,
    start_at    TEXT NOT NULL,
    end_at      TEXT NOT NULL
);
CREATE INDEX booking_slots_resource ON booking_slots (resource_id, end_at);
