DROP INDEX files_deleted_by;
DROP INDEX files_created_by;
DROP INDEX files_live_size;
DROP INDEX files_live_updated;
DROP INDEX files_live_name;
ALTER TABLE files DROP COLUMN size_bytes;
ALTER TABLE files DROP COLUMN kind;
