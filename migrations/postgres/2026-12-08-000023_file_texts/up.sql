-- The text of file versions (docx, xlsx, pptx, pdf, txt, md), extracted by the background worker
-- for full-text search. Derived data: the blob is the truth, and a lost row is extracted again.
CREATE TABLE file_texts (
    version_id TEXT PRIMARY KEY NOT NULL REFERENCES file_versions(id) ON DELETE CASCADE,
    -- pending: queued; done: `text` holds what was read; skipped: a type without text, or past
    -- the size limit; failed: the extractor gave up (bad file, out of time), see `error`.
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'skipped', 'failed')),
    text TEXT NOT NULL DEFAULT '',
    error TEXT,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX file_texts_status ON file_texts(status, updated_at);
