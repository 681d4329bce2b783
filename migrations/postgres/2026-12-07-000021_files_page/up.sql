-- The company-wide Files page (文件): every file a person may read across all tasks, searched,
-- filtered and sorted. The current version's size and kind are kept on the file itself (set with
-- every new version, restore and rename: `db::files`), so pages sort and filter through indexes
-- instead of joining and sorting every version.

-- document | spreadsheet | presentation | pdf | image | video | archive | text | other
-- (`FileKind::of` in Rust: by the content type, else by the name's extension).
ALTER TABLE files ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('document', 'spreadsheet', 'presentation', 'pdf', 'image', 'video', 'archive', 'text', 'other'));
ALTER TABLE files ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;

UPDATE files SET size_bytes = (SELECT v.size_bytes FROM file_versions v
    WHERE v.file_id = files.id AND v.number = files.current_version);
-- The same table as `FileKind::of` when this was written (rows made later get it from Rust).
UPDATE files SET kind = (SELECT CASE
    WHEN v.content_type = 'application/pdf' THEN 'pdf'
    WHEN v.content_type IN ('application/msword', 'application/vnd.ms-works', 'application/rtf',
        'application/vnd.oasis.opendocument.text')
        OR v.content_type LIKE 'application/vnd.openxmlformats-officedocument.wordprocessingml.%' THEN 'document'
    WHEN v.content_type IN ('application/vnd.ms-excel', 'text/csv', 'application/vnd.oasis.opendocument.spreadsheet')
        OR v.content_type LIKE 'application/vnd.openxmlformats-officedocument.spreadsheetml.%' THEN 'spreadsheet'
    WHEN v.content_type IN ('application/vnd.ms-powerpoint', 'application/vnd.oasis.opendocument.presentation')
        OR v.content_type LIKE 'application/vnd.openxmlformats-officedocument.presentationml.%' THEN 'presentation'
    WHEN v.content_type LIKE 'image/%' THEN 'image'
    WHEN v.content_type LIKE 'video/%' THEN 'video'
    WHEN v.content_type IN ('application/zip', 'application/x-zip-compressed', 'application/x-7z-compressed',
        'application/x-rar-compressed', 'application/vnd.rar', 'application/gzip', 'application/x-gzip',
        'application/x-tar', 'application/x-bzip2') THEN 'archive'
    WHEN v.content_type LIKE 'text/%' OR v.content_type IN ('application/json', 'application/xml') THEN 'text'
    ELSE 'other' END
    FROM file_versions v WHERE v.file_id = files.id AND v.number = files.current_version);

-- Sorted pages of live files (by name, last change, size; id breaks ties).
CREATE INDEX files_live_name ON files(name, id) WHERE deleted_at IS NULL;
CREATE INDEX files_live_updated ON files(updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX files_live_size ON files(size_bytes, id) WHERE deleted_at IS NULL;
-- 上传人 and 部门 (the uploader's department) filters.
CREATE INDEX files_created_by ON files(created_by);
-- 回收站: what a person moved to the trash.
CREATE INDEX files_deleted_by ON files(deleted_by, deleted_at) WHERE deleted_at IS NOT NULL;
