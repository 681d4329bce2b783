//! Group robots: DingTalk custom robots, WeCom group robots and Feishu/Lark custom bots. Each has
//! its own payload, @-mention rule and signature; each has a rate budget. When the budget is
//! spent, waiting messages wait (they are not dropped) and go out folded into one digest.

use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::runner::{Outcome, Runner};
use crate::db::channels::{self as store, RobotRow};
use crate::db::jobs::{self as job_store, JobRow};
use crate::db::now;
use crate::domain::delivery::RobotJob;
use crate::values::{JobKind, RobotPlatform};

type HmacSha256 = Hmac<Sha256>;

/// How many waiting messages one digest folds at most.
const DIGEST_MAX: i64 = 30;

fn hmac_b64(key: &[u8], msg: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(msg);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk: HMAC-SHA256 with the secret as key over "{timestamp_ms}\n{secret}", Base64, then
/// URL-encoded; goes into the URL with the timestamp.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let sig = hmac_b64(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes());
    percent_encoding::utf8_percent_encode(&sig, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Feishu: HMAC-SHA256 with "{timestamp_s}\n{secret}" as the KEY over an empty message, Base64;
/// goes into the body with the timestamp.
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    hmac_b64(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// Messages a robot may send per minute.
pub fn budget_per_minute(platform: RobotPlatform) -> i64 {
    match platform {
        RobotPlatform::Feishu => 100,
        RobotPlatform::Dingtalk | RobotPlatform::Wecom => 20,
    }
}

/// The URL and body to POST for one message on the robot's platform, signed at `at_ms`.
pub fn request(robot: &RobotRow, msg: &RobotJob, at_ms: i64) -> (String, Value) {
    let link = format!("[在 Tandem 中查看]({})", msg.link);
    match robot.platform {
        RobotPlatform::Dingtalk => {
            // The @ highlights only when the text also names the mobile.
            let ats: String = msg.mobiles.iter().map(|m| format!(" @{m}")).collect();
            let body = json!({
                "msgtype": "markdown",
                "markdown": {"title": msg.title, "text": format!("{}\n\n{link}{ats}", msg.markdown)},
                "at": {"atMobiles": msg.mobiles, "isAtAll": false},
            });
            let url = match robot.secret.as_deref().filter(|s| !s.is_empty()) {
                Some(secret) => {
                    let sep = if robot.webhook_url.contains('?') { '&' } else { '?' };
                    format!("{}{sep}timestamp={at_ms}&sign={}", robot.webhook_url, dingtalk_sign(secret, at_ms))
                }
                None => robot.webhook_url.clone(),
            };
            (url, body)
        }
        RobotPlatform::Wecom => {
            // Markdown has no mobile @; a text message would, but loses the formatting.
            let content = format!("{}\n{link}", msg.markdown);
            (robot.webhook_url.clone(), json!({"msgtype": "markdown", "markdown": {"content": content}}))
        }
        RobotPlatform::Feishu => {
            let mut body = json!({
                "msg_type": "interactive",
                "card": {
                    "header": {"title": {"tag": "plain_text", "content": msg.title}, "template": "blue"},
                    "elements": [{"tag": "markdown", "content": format!("{}\n{link}", msg.markdown)}],
                },
            });
            if let Some(secret) = robot.secret.as_deref().filter(|s| !s.is_empty()) {
                let ts = at_ms / 1000;
                body["timestamp"] = json!(ts.to_string());
                body["sign"] = json!(feishu_sign(secret, ts));
            }
            (robot.webhook_url.clone(), body)
        }
    }
}

/// Folds several messages into one digest (本时段通知汇总).
pub fn digest(messages: &[RobotJob]) -> RobotJob {
    let mut lines = vec![format!("**Tandem 通知汇总（{} 条）**", messages.len())];
    for m in messages {
        lines.push(format!("- [{}]({})", m.title, m.link));
    }
    let mut mobiles: Vec<String> = messages.iter().flat_map(|m| m.mobiles.iter().cloned()).collect();
    mobiles.sort();
    mobiles.dedup();
    RobotJob {
        robot_id: messages.first().map(|m| m.robot_id.clone()).unwrap_or_default(),
        title: format!("Tandem 通知汇总（{} 条）", messages.len()),
        markdown: lines.join("\n"),
        link: messages.first().map(|m| m.link.clone()).unwrap_or_default(),
        mobiles,
    }
}

/// Whether the platform said yes: `errcode` 0 (DingTalk, WeCom) or `code` 0 (Feishu).
/// Whether the platform took the message. The error says only the HTTP status or the
/// platform's numeric result code: never the answer's text (it may carry whatever an internal
/// server says), never the URL (it carries the access token).
fn accepted(platform: RobotPlatform, status: u16, body: &[u8]) -> Result<(), String> {
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let v: Value = serde_json::from_slice(body).map_err(|_| format!("HTTP {status}, not a platform answer"))?;
    let code = match platform {
        RobotPlatform::Feishu => v.get("code").or_else(|| v.get("StatusCode")),
        RobotPlatform::Dingtalk | RobotPlatform::Wecom => v.get("errcode"),
    };
    match code.and_then(Value::as_i64) {
        Some(0) => Ok(()),
        Some(code) => Err(format!("refused with code {code}")),
        None => Err(format!("HTTP {status}, not a platform answer")),
    }
}

/// POSTs one message for a robot through the guarded client; Err with a short reason.
pub async fn post(runner: &Runner, robot: &RobotRow, msg: &RobotJob) -> Result<(), String> {
    // The platform checks the signed timestamp against its own clock: the system time.
    let (url, body) = request(robot, msg, chrono::Utc::now().timestamp_millis());
    let body = serde_json::to_vec(&body).map_err(|e| format!("cannot encode the message: {e}"))?;
    let answer = runner.outbound.post(&url, &[], body).await.map_err(|e| format!("robot not reached: {e}"))?;
    accepted(robot.platform, answer.status, &answer.body)
}

/// The robot a robot job goes to.
pub fn robot_of(job: &JobRow) -> Option<String> {
    serde_json::from_str::<RobotJob>(&job.payload).ok().map(|m| m.robot_id)
}

/// Sends the claimed messages of one robot: within its budget, as one message or folded into a
/// digest with the messages still waiting for it; over budget, all wait.
pub async fn send(runner: &Runner, claimed: &[JobRow]) -> Result<Outcome, String> {
    let msgs: Vec<RobotJob> = claimed
        .iter()
        .map(|j| serde_json::from_str(&j.payload).map_err(|e| format!("bad robot job: {e}")))
        .collect::<Result<_, _>>()?;
    let Some(robot_id) = msgs.first().map(|m| m.robot_id.clone()) else { return Ok(Outcome::Done) };
    let at = runner.db.clock().now();
    let rid = robot_id.clone();
    let (robot, spent, oldest) = runner
        .db
        .read(move |c| {
            let robot = store::find_robot(c, &rid)?;
            let (spent, oldest) = store::robot_sent_since(c, &rid, at - Duration::minutes(1))?;
            Ok((robot, spent, oldest))
        })
        .await
        .map_err(|e| e.to_string())?;
    let Some(robot) = robot.filter(|r| r.is_active) else { return Ok(Outcome::Done) };
    if spent >= budget_per_minute(robot.platform) {
        // The minute's budget is spent: wait until the oldest send of the window leaves it.
        let free_at: NaiveDateTime = oldest.map_or(at, |o| o + Duration::minutes(1)) + Duration::seconds(1);
        return Ok(Outcome::Later(free_at));
    }
    // Messages still waiting for the same robot go out with these, folded into one digest.
    let needle = format!("\"robot_id\":\"{robot_id}\"");
    let waiting: Vec<JobRow> = runner
        .db
        .read(move |c| job_store::queued_with(c, JobKind::Robot, &needle, DIGEST_MAX))
        .await
        .map_err(|e| e.to_string())?;
    let mut batch = msgs;
    batch.extend(waiting.iter().filter_map(|j| serde_json::from_str::<RobotJob>(&j.payload).ok()));
    let count = batch.len();
    let message = if count > 1 { digest(&batch) } else { batch.remove(0) };
    post(runner, &robot, &message).await?;
    let ids: Vec<String> = waiting.into_iter().map(|j| j.id).collect();
    let messages = i32::try_from(count).unwrap_or(i32::MAX);
    runner
        .db
        .write(move |c| {
            store::record_robot_send(c, &robot_id, now(), messages)?;
            job_store::absorb(c, &ids, now())
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dingtalk_signature_matches_the_pinned_vector() {
        assert_eq!(
            dingtalk_sign("SECtestsecret", 1_700_000_000_000),
            "7LVwF0dAF3%2F%2BMRRulbpE4y72Ogzykc6bS2nG4I99T4s%3D"
        );
    }

    #[test]
    fn feishu_signature_matches_the_pinned_vector_with_the_key_and_message_reversed() {
        assert_eq!(feishu_sign("demo", 1_599_360_473), "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=");
    }

    #[test]
    fn a_digest_lists_every_waiting_message_once_and_mentions_everyone() {
        let m = |t: &str, mobile: &str| RobotJob {
            robot_id: "r".into(),
            title: t.into(),
            markdown: t.into(),
            link: format!("https://t/{t}"),
            mobiles: vec![mobile.into()],
        };
        let d = digest(&[m("一", "138"), m("二", "139"), m("三", "138")]);
        assert_eq!(d.title, "Tandem 通知汇总（3 条）");
        assert_eq!(d.markdown.lines().count(), 4);
        assert_eq!(d.mobiles, ["138", "139"]);
    }
}
