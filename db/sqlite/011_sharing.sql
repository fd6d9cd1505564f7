-- 011: shared instruments, 中试 and 创新券 (src/kinds/resource.c, voucher.c; resources, bookings and vouchers are rows
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
-- voucher_ledger: what each 创新券 has paid of charged bookings (a booking's voucher_fen), kept the
-- same way; a voucher's balance is its amount less this.
CREATE TABLE voucher_ledger (
    voucher_id   INTEGER PRIMARY KEY,
    n            INTEGER NOT NULL,
    redeemed_fen INTEGER NOT NULL
);
