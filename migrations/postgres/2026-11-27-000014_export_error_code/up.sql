-- Why an export failed, as the API's error code (forbidden, not_found, bad_request, internal, ...),
-- so a client can say it in the user's language; `error` keeps the English detail.
ALTER TABLE exports ADD COLUMN error_code TEXT;
