-- Sign-in throttling that cannot be turned against the victim. Failures are counted per client
-- address (all accounts), per account for devices it does not know, and per known device; each
-- key locks on its own, for twice as long as its previous lock (up to the configured longest).
-- A device that signed in to an account before (it keeps a device token) is not locked out by
-- others' failures for that account. Administrators see and clear the locks.
DROP TABLE login_throttle;

CREATE TABLE login_locks (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('address', 'account', 'device')),
    -- The client address (IPv6: its /64), the lower-case email, or the device's id.
    subject TEXT NOT NULL,
    -- Failures in the current window.
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    -- Locks in a row: the next lasts twice as long.
    lock_count INTEGER NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMP NOT NULL,
    UNIQUE (kind, subject)
);
CREATE INDEX login_locks_locked ON login_locks(locked_until);

CREATE TABLE login_devices (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX login_devices_user ON login_devices(user_id);
