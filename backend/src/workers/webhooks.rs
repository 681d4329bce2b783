//! Outgoing webhooks: the event as JSON, signed with HMAC-SHA256 of "{timestamp}.{body}" under
//! the subscriber's secret; every attempt is logged for the subscriber to see.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::runner::{Outcome, Runner};
use crate::db::channels::{self as store, WebhookDeliveryRow};
use crate::db::jobs::JobRow;
use crate::db::new_id;
use crate::domain::delivery::WebhookJob;

/// `sha256=<hex>` of HMAC-SHA256(secret, "{timestamp}.{body}").
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub async fn send(runner: &Runner, job: &JobRow) -> Result<Outcome, String> {
    let w: WebhookJob = serde_json::from_str(&job.payload).map_err(|e| format!("bad webhook job: {e}"))?;
    let id = w.webhook_id.clone();
    let hook = runner.db.read(move |c| store::find_webhook(c, &id)).await.map_err(|e| e.to_string())?;
    let Some(hook) = hook.filter(|h| h.is_active) else { return Ok(Outcome::Done) };
    // Receivers check the signed timestamp against their own clock: the system time.
    let ts = chrono::Utc::now().timestamp();
    let started = std::time::Instant::now();
    let headers = [
        ("x-tandem-event", w.event_kind.as_str().to_owned()),
        ("x-tandem-delivery", job.id.clone()),
        ("x-tandem-timestamp", ts.to_string()),
        ("x-tandem-signature", signature(&hook.secret, ts, &w.body)),
    ];
    let res = runner.outbound.post(&hook.url, &headers, w.body.clone().into_bytes()).await;
    let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    // What the log keeps: the status, or a few words on why there was none; never the answer.
    let (status, error) = match res {
        Ok(a) if (200..300).contains(&a.status) => (Some(i32::from(a.status)), None),
        Ok(a) => (Some(i32::from(a.status)), Some(format!("HTTP {}", a.status))),
        Err(e) => (None, Some(format!("not reached: {e}"))),
    };
    let row = WebhookDeliveryRow {
        id: new_id(),
        webhook_id: hook.id.clone(),
        event_id: w.event_id.clone(),
        event_kind: w.event_kind,
        attempt: job.attempts,
        status_code: status,
        error: error.clone(),
        duration_ms,
        at: runner.db.clock().now(),
    };
    runner.db.write(move |c| store::insert_delivery(c, &row)).await.map_err(|e| e.to_string())?;
    match error {
        None => Ok(Outcome::Done),
        Some(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_covers_timestamp_and_body() {
        // Independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
        assert_eq!(
            super::signature("s3cret", 1_700_000_000, r#"{"a":1}"#),
            "sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940"
        );
    }
}
