//! Statements written as text, for the queries diesel's DSL cannot say well (per-backend
//! expressions, partial indexes the planner must recognise by their literal WHERE). Every value
//! put into the SQL text is an id, enum value or timestamp the domain produced (never text a
//! user typed), and is quoted besides.

use chrono::NaiveDateTime;
use diesel::deserialize::QueryableByName;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use super::DbConn;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Pg,
}

/// `s` as a string literal.
pub fn quote(s: &str) -> AppResult<String> {
    // Ids, enum values and timestamps only; a quote would mean a bug upstream.
    if s.contains(['\'', '\\', '\0']) {
        return Err(AppError::internal("unexpected character in a value put into SQL text"));
    }
    Ok(format!("'{s}'"))
}

/// `t` as a timestamp literal of the dialect.
pub fn ts(d: Dialect, t: NaiveDateTime) -> String {
    let text = t.format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    match d {
        // SQLite keeps timestamps as text in this format (diesel writes them so).
        Dialect::Sqlite => format!("'{}'", t.format("%Y-%m-%d %H:%M:%S%.f")),
        Dialect::Pg => format!("TIMESTAMP '{text}'"),
    }
}

/// `INDEXED BY` on SQLite: pins the index a query was measured with, whatever the statistics of
/// the moment make the planner prefer (and fails loudly if a partial index no longer applies).
pub fn using(d: Dialect, index: &str) -> String {
    match d {
        Dialect::Sqlite => format!(" INDEXED BY {index}"),
        Dialect::Pg => String::new(),
    }
}

/// Runs the statement `sql` writes for the connection's dialect.
pub fn load<T>(c: &mut DbConn, sql: impl Fn(Dialect) -> AppResult<String>) -> AppResult<Vec<T>>
where
    T: QueryableByName<Pg> + QueryableByName<Sqlite> + 'static,
{
    Ok(match c {
        DbConn::Pg(pg) => diesel::sql_query(sql(Dialect::Pg)?).load(pg)?,
        DbConn::Sqlite(lite) => diesel::sql_query(sql(Dialect::Sqlite)?).load(lite)?,
    })
}
