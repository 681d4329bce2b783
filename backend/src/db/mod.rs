//! Storage layer: diesel only. One connection type for both engines, the pool, the `Db` helper
//! that runs a use case in one transaction, and one file per table group.

pub mod approvals;
pub mod audit;
pub mod blobs;
pub mod cases;
pub mod channels;
pub mod collections;
pub mod comments;
pub mod counts;
pub mod dependencies;
pub mod exports;
pub mod file_texts;
pub mod files;
pub mod help;
pub mod jobs;
pub mod live;
pub mod login_locks;
pub mod meetings;
pub mod orgs;
pub mod outbox;
pub mod reminders;
pub mod reports;
pub mod responses;
pub mod schedule;
pub mod schema;
pub mod search;
pub mod sql;
pub mod tasks;
pub mod tokens;
pub mod work_calendar;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::clock::Clock;
use crate::error::{AppError, AppResult};

/// One connection type for both engines, chosen at start-up from the URL scheme.
/// PostgreSQL comes first: SQLite accepts any string as a path.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// The current time as stored (UTC, truncated to microseconds) on the clock of the [`Db`] whose
/// transaction runs on this thread; the system clock elsewhere (see [`crate::clock`]).
pub fn now() -> NaiveDateTime {
    crate::clock::now()
}

/// A stored time as sent in the API.
pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A new UUIDv7 id as stored (lower-case text).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug)]
/// Per-connection settings: SQLite pragmas, PostgreSQL session settings.
struct SessionSettings;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Pg(c) = conn {
            // Short OLTP queries: JIT compilation costs more (~17 ms on a task count) than it saves.
            c.batch_execute("SET jit = off").map_err(diesel::r2d2::Error::QueryError)?;
        }
        if let DbConn::Sqlite(c) = conn {
            // busy_timeout first: switching to WAL takes a lock that other new connections wait for.
            c.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// How much of a SQLite file a scanning read maps (SQLite's own ceiling on 64-bit Linux is
/// 0x7fff0000 bytes; the rest of a bigger file is read as usual).
const SCAN_MAP_BYTES: u64 = 0x7fff_0000;

/// Runs `f` with the SQLite connection reading through a memory map, and unmaps afterwards, so
/// the mapped pages count in the process's memory only while a scan runs. SQLite only reads
/// through the map (writes still go through write(2)); a file truncated under a map would fault,
/// and nothing here truncates the database file (no VACUUM). PostgreSQL: `f` as it is.
fn scanning<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
    let DbConn::Sqlite(lite) = conn else {
        return f(conn);
    };
    lite.batch_execute(&format!("PRAGMA mmap_size = {SCAN_MAP_BYTES}"))?;
    let out = f(conn);
    if let DbConn::Sqlite(lite) = conn {
        // Should this fail, the connection keeps reading through the map: still correct.
        if let Err(e) = lite.batch_execute("PRAGMA mmap_size = 0") {
            tracing::warn!(error = %e, "could not unmap a SQLite connection after a scan");
        }
    }
    out
}

/// Which database engine a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// Chooses the backend from the URL scheme. SQLite accepts any string as a path, so the scheme
/// is required and checked here.
pub fn db_kind(url: &str) -> Result<DbKind, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DbKind::Postgres)
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            Err("sqlite:// needs a path, e.g. sqlite://./data/tandem.db".into())
        } else {
            Ok(DbKind::Sqlite)
        }
    } else {
        Err(format!("unsupported scheme in {url:?}: use sqlite://PATH or postgres://..."))
    }
}

/// Opens one connection (used by the pool and by the CLI).
fn connection_url(url: &str) -> AppResult<(DbKind, String)> {
    let kind = db_kind(url).map_err(AppError::bad_request)?;
    let target = match kind {
        DbKind::Sqlite => url.trim_start_matches("sqlite://").to_owned(),
        DbKind::Postgres => url.to_owned(),
    };
    Ok((kind, target))
}

/// The database handle carried in `AppState`: a pool plus the write discipline.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager<DbConn>>,
    kind: DbKind,
    /// SQLite allows one writer; funnelling this process's writes through one lock means no
    /// "database is locked" ever reaches a client. PostgreSQL writers run concurrently.
    write_lock: Arc<parking_lot::Mutex<()>>,
    /// What time it is for everything this handle runs.
    clock: Clock,
    /// The lists' totals, kept while they are right.
    counts: Arc<counts::Counts>,
}

impl Db {
    /// Connects, creating the SQLite file's directory if needed.
    pub fn connect(url: &str, pool_size: u32) -> AppResult<Self> {
        let (kind, target) = connection_url(url)?;
        if kind == DbKind::Sqlite && target != ":memory:" {
            let file = std::path::Path::new(&target);
            if let Some(dir) = file.parent() {
                if !dir.as_os_str().is_empty() {
                    crate::private_fs::dir_all(dir).map_err(AppError::internal)?;
                }
            }
            // The owner's alone: an empty file is an empty database to SQLite, and its WAL and
            // shared-memory files take the database file's mode.
            if file.exists() {
                crate::private_fs::restrict(file).map_err(AppError::internal)?;
            } else {
                crate::private_fs::create(file).map_err(AppError::internal)?;
            }
        }
        let size = match (pool_size, kind) {
            (0, DbKind::Sqlite) => 8,
            (0, DbKind::Postgres) => 16,
            (n, _) => n,
        };
        // Diesel's MultiConnection picks PostgreSQL for postgres:// URLs; everything else would
        // be taken as a SQLite path, which is why the scheme was checked above.
        let manager = ConnectionManager::<DbConn>::new(target);
        let pool = Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(SessionSettings))
            .build(manager)
            .map_err(AppError::internal)?;
        Ok(Self {
            pool,
            kind,
            write_lock: Arc::new(parking_lot::Mutex::new(())),
            clock: Clock::system(),
            counts: Arc::default(),
        })
    }

    /// This handle on another clock (tests use one they control).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock of everything this handle runs.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// The most connections the pool opens.
    pub fn max_connections(&self) -> u32 {
        self.pool.max_size()
    }

    /// Runs the embedded migrations of this backend.
    pub fn migrate(&self) -> AppResult<usize> {
        let mut conn = self.pool.get()?;
        let _guard = self.lock_writes();
        let migrations = match &*conn {
            DbConn::Pg(_) => PG_MIGRATIONS,
            DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
        };
        let applied = conn.run_pending_migrations(migrations).map_err(|e| AppError::internal(e.to_string()))?;
        Ok(applied.len())
    }

    fn lock_writes(&self) -> Option<parking_lot::MutexGuard<'_, ()>> {
        match self.kind {
            DbKind::Sqlite => Some(self.write_lock.lock()),
            DbKind::Postgres => None,
        }
    }

    /// Runs a read-only use case on a pooled connection, off the async executor.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.read_blocking(f)).await?
    }

    pub fn read_blocking<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T>,
    {
        let _clock = self.clock.enter();
        let _counts = self.counts.enter();
        let mut conn = self.pool.get()?;
        f(&mut conn)
    }

    /// Runs a use case that takes its own connections and transactions (the reports'
    /// [`Db::read_pair`], the reminder tick's pages), off the async executor.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&Db) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || {
            let _clock = db.clock.enter();
            f(&db)
        })
        .await?
    }

    /// Runs two independent read-only parts that scan much of the database (reports) at the
    /// same time on two pooled connections when the pool has a second one free at once, else one
    /// after the other on one connection. The two parts may see the data a moment apart.
    ///
    /// On SQLite both read through a memory map for the while ([`scanning`]): measured on a
    /// year of 100k tasks, the report's queries took ~115 ms reading pages with read(2) whether
    /// they ran on one connection or two, and ~55 ms on two connections through a map.
    pub fn read_pair<A, B, FA, FB>(&self, fa: FA, fb: FB) -> AppResult<(A, B)>
    where
        FA: FnOnce(&mut DbConn) -> AppResult<A>,
        FB: FnOnce(&mut DbConn) -> AppResult<B> + Send,
        B: Send,
    {
        let _clock = self.clock.enter();
        let mut first = self.pool.get()?;
        let Some(mut second) = self.pool.try_get() else {
            return scanning(&mut first, |c| {
                let a = fa(c)?;
                Ok((a, fb(c)?))
            });
        };
        std::thread::scope(|s| {
            let other = s.spawn(move || {
                let _clock = self.clock.enter();
                scanning(&mut second, fb)
            });
            let a = scanning(&mut first, fa);
            let b = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok((a?, b?))
        })
    }

    /// Runs a use case in one write transaction, off the async executor.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking(f)).await?
    }

    /// The blocking form of [`Db::write`], for the CLI and workers' own threads.
    pub fn write_blocking<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T>,
    {
        let _clock = self.clock.enter();
        let guard = self.lock_writes();
        let mut conn = self.pool.get()?;
        let out = match &mut *conn {
            // Postgres: a normal transaction; diesel rolls back on error.
            DbConn::Pg(_) => conn.transaction(|c| f(c)),
            // SQLite: BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout
            // for other processes), so a read-then-write transaction can never fail to upgrade.
            DbConn::Sqlite(_) => sqlite_immediate(&mut conn, f),
        };
        // Straight to a writer that waits, if one does: a loop of writes (the outbox's batches,
        // the reminder tick's pages) would otherwise take the lock again at once, and a request
        // could wait minutes behind a backlog (measured: an export queued behind the dispatch of
        // 537k reminders waited 145 s).
        if let Some(guard) = guard {
            parking_lot::MutexGuard::unlock_fair(guard);
        }
        out
    }
}

fn sqlite_immediate<T, F>(conn: &mut DbConn, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    type Manager = <DbConn as Connection>::TransactionManager;
    // Opened through diesel's own transaction manager, so code inside may still nest
    // transactions (savepoints), as diesel's SQLite batch inserts do.
    if let DbConn::Sqlite(inner) = &mut *conn {
        AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)));
    match outcome {
        Ok(Ok(value)) => match Manager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = Manager::rollback_transaction(conn);
                Err(e.into())
            }
        },
        Ok(Err(e)) => {
            Manager::rollback_transaction(conn)?;
            Err(e)
        }
        Err(panic) => {
            let _ = Manager::rollback_transaction(conn);
            std::panic::resume_unwind(panic)
        }
    }
}

/// `LIKE` pattern for a user-typed search string: lower-cased, wildcards escaped with `\`.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for ch in q.trim().to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// The normalized text that `search_key` columns hold (Unicode lower-case, so both engines fold
/// the same way).
pub fn search_key(parts: &[Option<&str>]) -> String {
    parts.iter().flatten().map(|p| p.trim().to_lowercase()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
pub mod testing {
    use super::*;

    /// A migrated database in a temporary directory (SQLite), for storage and domain tests.
    pub fn sqlite_db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::connect(&url, 2).expect("connect");
        db.migrate().expect("migrate");
        (db, dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern(" 50%_A "), "%50\\%\\_a%");
    }

    #[test]
    fn migration_folders_are_the_same_for_both_backends() {
        let list = |d: &str| {
            let mut v: Vec<String> = std::fs::read_dir(format!("{}/../migrations/{d}", env!("CARGO_MANIFEST_DIR")))
                .expect("dir")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(list("sqlite"), list("postgres"));
    }

    #[test]
    fn writes_may_nest_transactions_on_sqlite() {
        use diesel::RunQueryDsl;
        let (db, _dir) = testing::sqlite_db();
        db.write_blocking(|c| {
            c.transaction(|c| {
                diesel::sql_query("INSERT INTO calendar_days (day, working, name) VALUES ('2099-01-02', FALSE, 'x')")
                    .execute(c)
            })?;
            Ok(())
        })
        .expect("nested transaction is a savepoint");
    }

    #[test]
    fn failed_write_rolls_back_on_sqlite() {
        use diesel::RunQueryDsl;
        let (db, _dir) = testing::sqlite_db();
        let res: AppResult<()> = db.write_blocking(|c| {
            diesel::sql_query("INSERT INTO calendar_days (day, working, name) VALUES ('2099-01-01', FALSE, 'boom')")
                .execute(c)?;
            Err(AppError::conflict("boom"))
        });
        assert!(res.is_err());
        let n: i64 = db
            .read_blocking(|c| {
                use diesel::prelude::*;
                Ok(schema::calendar_days::table
                    .filter(schema::calendar_days::day.eq("2099-01-01"))
                    .count()
                    .get_result(c)?)
            })
            .expect("count");
        assert_eq!(n, 0);
    }

    #[derive(diesel::QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }

    /// Statements stay compiled (with STAT4 SQLite compiles a cached statement again whenever a
    /// bound value its plan could depend on changes) and allocations take no global lock (see
    /// `.cargo/config.toml`).
    #[test]
    fn the_bundled_sqlite_is_built_without_stat4_memory_statistics_or_connection_mutexes() {
        use diesel::RunQueryDsl;
        let (db, _dir) = testing::sqlite_db();
        let options = db
            .read_blocking(|c| {
                let DbConn::Sqlite(lite) = c else { unreachable!("a SQLite database") };
                Ok(diesel::sql_query("PRAGMA compile_options").load::<CompileOption>(lite)?)
            })
            .expect("compile options");
        assert!(options.iter().any(|o| o.compile_options.starts_with("ENABLE_FTS5")), "bundled build read");
        assert!(!options.iter().any(|o| o.compile_options.contains("STAT4")), "STAT4 is off");
        assert!(options.iter().any(|o| o.compile_options == "DEFAULT_MEMSTATUS=0"), "no memory statistics");
        assert!(options.iter().any(|o| o.compile_options == "THREADSAFE=2"), "multi-thread mode");
    }

    #[derive(diesel::QueryableByName)]
    struct MapSize {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        mmap_size: i64,
    }

    fn map_size(c: &mut DbConn) -> AppResult<i64> {
        use diesel::RunQueryDsl;
        let DbConn::Sqlite(lite) = c else { return Ok(0) };
        Ok(diesel::sql_query("PRAGMA mmap_size").get_result::<MapSize>(lite)?.mmap_size)
    }

    #[test]
    fn a_read_pair_maps_while_it_scans_and_unmaps_after() {
        let (db, _dir) = testing::sqlite_db();
        let (a, b) = db.read_pair(map_size, map_size).expect("pair");
        assert!(a > 0 && b > 0, "both parts read through a map: {a} {b}");
        // The pool opens its second connection in the background: once it is there, the second
        // part runs on it.
        let apart = (0..200).any(|_| {
            let (a, b) =
                db.read_pair(|c| Ok(c as *mut DbConn as usize), |c| Ok(c as *mut DbConn as usize)).expect("pair");
            std::thread::sleep(std::time::Duration::from_millis(5));
            a != b
        });
        assert!(apart, "a free second connection runs the second part");
        // Every pooled connection is back to plain reads.
        for _ in 0..2 {
            assert_eq!(db.read_blocking(map_size).expect("size"), 0);
        }
        let failed: AppResult<((), ())> = db.read_pair(|_| Err(AppError::conflict("first")), |_| Ok(()));
        assert!(failed.is_err());
        assert_eq!(db.read_blocking(map_size).expect("size"), 0, "unmapped after a failed part too");
    }

    #[test]
    fn a_read_pair_runs_on_one_connection_when_the_pool_has_no_second() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("t.db").display()), 1).expect("connect");
        db.migrate().expect("migrate");
        let (a, b) = db.read_pair(|c| Ok(c as *mut DbConn as usize), |c| Ok(c as *mut DbConn as usize)).expect("pair");
        assert_eq!(a, b);
    }
}

/// Keeps the query planner's statistics fresh. SQLite: `PRAGMA optimize` (analyzes the tables
/// that need it, cheaply). PostgreSQL's autovacuum does this on its own.
pub fn optimize(c: &mut DbConn) -> AppResult<()> {
    if let DbConn::Sqlite(lite) = c {
        lite.batch_execute("PRAGMA optimize;")?;
    }
    Ok(())
}

/// Full statistics after a bulk load.
pub fn analyze(c: &mut DbConn) -> AppResult<()> {
    c.batch_execute("ANALYZE")?;
    Ok(())
}

/// Readiness probe: one round trip to the database.
pub fn ping(c: &mut DbConn) -> AppResult<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(c).map_err(|e| {
        AppError::new(crate::error::ErrorCode::ServiceUnavailable, "database unreachable")
            .with_retry_after(1)
            .with_source(e)
    })?;
    Ok(())
}

/// An API time as stored: UTC, truncated to microseconds.
pub fn from_utc(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc().trunc_subsecs(6)
}
