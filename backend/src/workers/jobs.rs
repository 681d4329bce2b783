//! The job runner: claims due jobs with a lease, runs them, and records the outcome (done,
//! retried with exponential back-off, or dead after the last attempt). Several runners (threads
//! or processes) may share the queue: a job is leased to one at a time, and a crashed runner's
//! lease expires so another takes the job over.

use chrono::Duration;
use futures_util::StreamExt;

use super::runner::{Lane, Outcome, Runner};
use super::{mail, robots, texts, webhooks};
use crate::db::jobs::{self as store, JobRow};
use crate::error::AppResult;
use crate::values::JobKind;

/// How long a claimed job is ours before another runner may take it over.
pub const LEASE: Duration = Duration::seconds(120);
/// Exports of a million rows take up to a minute; their lease leaves room for that.
pub const EXPORT_LEASE: Duration = Duration::seconds(900);
const BATCH: i64 = 16;
/// Deliveries of a batch sent at once: one slow target holds up only its own.
const CONCURRENT: usize = 8;
/// The longest one delivery (a message, a digest, a webhook call) may take before it counts as
/// failed and is retried later. A whole batch thus ends well within its lease, so no other
/// runner takes a job over while it is still being sent.
const DELIVERY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(45);

impl Runner {
    /// Kinds this runner handles (mail only when SMTP is configured).
    fn kinds(&self) -> Vec<JobKind> {
        match self.lane {
            Lane::Exports => return vec![JobKind::Export],
            Lane::Texts => return vec![JobKind::ExtractText],
            Lane::Deliveries => {}
        }
        let mut k = vec![JobKind::Robot, JobKind::Webhook];
        if self.config.smtp.is_some() {
            k.push(JobKind::Mail);
        }
        k
    }

    /// Claims and runs one batch of due jobs; returns how many ran.
    pub async fn run_batch(&self) -> AppResult<usize> {
        let (owner, kinds) = (self.owner.clone(), self.kinds());
        let at = self.db.clock().now();
        let (lease, batch) = match self.lane {
            Lane::Exports => (EXPORT_LEASE, 1),
            // One file at a time, each within its time limit (well inside the lease).
            Lane::Texts => (texts::lease(&self.config), 1),
            Lane::Deliveries => (LEASE, BATCH),
        };
        let jobs = self.db.write(move |c| store::claim(c, &owner, at, at + lease, &kinds, batch)).await?;
        let n = jobs.len();
        // Messages for the same robot go together (one digest when there are several).
        let mut groups: Vec<Vec<JobRow>> = Vec::new();
        for job in jobs {
            let key = (job.kind == JobKind::Robot).then(|| robots::robot_of(&job)).flatten();
            match groups.iter_mut().find(|g| key.is_some() && robots::robot_of(&g[0]) == key) {
                Some(g) => g.push(job),
                None => groups.push(vec![job]),
            }
        }
        // Concurrently, each within its deadline: the batch takes as long as its slowest
        // delivery, at most DELIVERY_DEADLINE, far less than the lease.
        let results: Vec<AppResult<()>> = futures_util::stream::iter(groups)
            .map(|group| self.run_group(group))
            .buffer_unordered(CONCURRENT)
            .collect()
            .await;
        results.into_iter().collect::<AppResult<Vec<()>>>()?;
        Ok(n)
    }

    /// Runs batches until nothing is due (tests, and the worker after a wake-up).
    pub async fn run_until_idle(&self) -> AppResult<usize> {
        let mut total = 0;
        loop {
            let n = self.run_batch().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    async fn run_group(&self, group: Vec<JobRow>) -> AppResult<()> {
        let started = std::time::Instant::now();
        let Some(first) = group.first() else { return Ok(()) };
        let work = async {
            match first.kind {
                JobKind::Mail => mail::send(self, first).await,
                JobKind::Robot => robots::send(self, &group).await,
                JobKind::Webhook => webhooks::send(self, first).await,
                JobKind::Export => self.export(first).await,
                JobKind::ExtractText => texts::run(self, first).await,
            }
        };
        // Exports have their own long lease, extractions their own time limit; deliveries a
        // deadline well within their lease.
        let result = if matches!(first.kind, JobKind::Export | JobKind::ExtractText) {
            work.await
        } else {
            tokio::time::timeout(DELIVERY_DEADLINE, work).await.unwrap_or_else(|_| Err("no answer in time".to_owned()))
        };
        for job in &group {
            self.record(job, result.clone()).await?;
        }
        crate::metrics::JOB_SECONDS.with_label_values(&[first.kind.as_str()]).observe(started.elapsed().as_secs_f64());
        Ok(())
    }

    async fn export(&self, job: &JobRow) -> Result<Outcome, String> {
        let payload: serde_json::Value = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let id = payload["export_id"].as_str().ok_or("no export_id")?.to_owned();
        let (db, config) = (self.db.clone(), self.config.clone());
        let blobs = crate::blobs::BlobStore::new(&config.data_dir);
        actix_web::web::block(move || crate::domain::exports::run(&db, &blobs, config.export_ttl_hours, &id))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        Ok(Outcome::Done)
    }

    async fn record(&self, job: &JobRow, result: Result<Outcome, String>) -> AppResult<()> {
        let (id, owner) = (job.id.clone(), self.owner.clone());
        let at = self.db.clock().now();
        let kept = match result {
            Ok(Outcome::Done) => self.db.write(move |c| store::complete(c, &id, &owner, at)).await?,
            Ok(Outcome::Later(when)) => self.db.write(move |c| store::defer(c, &id, &owner, when, at)).await?,
            Err(error) => {
                let retry = (job.attempts < job.max_attempts).then(|| at + backoff(job.attempts));
                tracing::warn!(job = %job.id, kind = job.kind.as_str(), attempt = job.attempts, %error, dead = retry.is_none(), "job failed");
                self.db.write(move |c| store::fail(c, &id, &owner, &error, retry, at)).await?
            }
        };
        if !kept {
            tracing::warn!(job = %job.id, "lost the lease before finishing; another runner owns the job now");
        }
        Ok(())
    }
}

/// 10 s, 20 s, 40 s, ... up to an hour, with ±20 % jitter so retries of many jobs spread out.
pub fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    let base = 10_i64.saturating_mul(2_i64.saturating_pow(exp)).min(3600);
    let jitter = rand::random_range(-(base / 5)..=(base / 5));
    Duration::seconds(base + jitter)
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        for (attempt, base) in [(1, 10), (2, 20), (3, 40), (8, 1280), (12, 3600), (30, 3600)] {
            let s = backoff(attempt).num_seconds();
            assert!((base - base / 5..=base + base / 5).contains(&s), "attempt {attempt}: {s}s");
        }
    }
}
