-- The years whose official holiday schedule (节假日安排, with 调休) the working calendar holds.
-- A year without a row follows the Monday–Friday rule alone: the reminder engine still counts
-- its working time, the task's SLA display says so, and administrators are warned from
-- 1 November when the coming year has none. Importing a year replaces its days in
-- calendar_days and writes its row here in one transaction.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY NOT NULL,
    -- Where the schedule comes from (the State Council notice, or what the importer said).
    source TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    -- NULL for the schedules shipped with Tandem.
    imported_by TEXT REFERENCES users(id)
);

-- Shipped with migration 000008 (calendar_days).
INSERT INTO calendar_years (year, source, imported_at, imported_by) VALUES
    (2025, '国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日）', '2026-11-26 00:00:00', NULL),
    (2026, '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）', '2026-11-26 00:00:00', NULL);
