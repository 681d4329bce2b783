ALTER TABLE exports DROP COLUMN error_code;
