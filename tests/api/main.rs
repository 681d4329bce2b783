//! API tests: a real server over HTTP on loopback, a real database, each test on SQLite and on
//! PostgreSQL.

#![expect(clippy::unwrap_used, reason = "tests")]

mod approvals;
mod audit;
mod auth;
mod authz;
mod cases;
mod clock_guard;
mod collections;
mod comments;
mod confidential;
mod delivery;
mod department_responses;
mod dependencies;
mod directory;
mod errors;
mod exports;
mod file_texts;
mod files;
mod files_page;
mod inbox;
mod leaks;
mod limits;
mod login_locks;
mod meetings;
mod openapi;
mod outbound;
mod participants;
mod reminders;
mod reports;
mod schedule;
mod search;
mod security;
mod tasks;
mod visibility_agrees;
mod work_calendar;
