//! Sends mail jobs over SMTP (lettre): plain text and HTML alternatives, and a calendar part for
//! meeting invitations (`text/calendar; method=REQUEST`, which mail clients show as an invite).

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::runner::{Outcome, Runner};
use crate::config::{SmtpConfig, SmtpTls};
use crate::db::jobs::JobRow;
use crate::domain::delivery::MailJob;

pub fn build(config: &SmtpConfig, job: &MailJob) -> Result<Message, String> {
    let from: Mailbox = config.from.parse().map_err(|e| format!("sender {:?}: {e}", config.from))?;
    let to = Mailbox::new(Some(job.to_name.clone()), job.to_email.parse().map_err(|e| format!("recipient: {e}"))?);
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(job.text.clone()))
        .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(job.html.clone()));
    let body = match &job.calendar {
        None => alternative,
        Some(cal) => {
            let kind = format!("text/calendar; method={}; charset=UTF-8", cal.method);
            let invite = SinglePart::builder()
                .header(ContentType::parse(&kind).map_err(|e| e.to_string())?)
                .body(cal.ics.clone());
            let name = if cal.file_name.is_empty() { "invite.ics".to_owned() } else { cal.file_name.clone() };
            let attachment = lettre::message::Attachment::new(name)
                .body(cal.ics.clone(), ContentType::parse("application/ics").map_err(|e| e.to_string())?);
            MultiPart::mixed().multipart(alternative.singlepart(invite)).singlepart(attachment)
        }
    };
    let mut message = Message::builder()
        .from(from)
        .to(to)
        .subject(job.subject.clone())
        .message_id(Some(job.message_id.clone()))
        .multipart(body)
        .map_err(|e| e.to_string())?;
    message
        .headers_mut()
        .insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".to_owned()));
    Ok(message)
}

fn transport(config: &SmtpConfig) -> Result<SmtpTransport, String> {
    let tls = || TlsParameters::new(config.host.clone()).map_err(|e| e.to_string());
    let mut builder = SmtpTransport::builder_dangerous(&config.host).port(config.port).tls(match config.tls {
        SmtpTls::None => Tls::None,
        SmtpTls::StartTls => Tls::Required(tls()?),
        SmtpTls::Tls => Tls::Wrapper(tls()?),
    });
    if let (Some(u), Some(p)) = (&config.username, &config.password) {
        builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(builder.timeout(Some(std::time::Duration::from_secs(30))).build())
}

pub async fn send(runner: &Runner, job: &JobRow) -> Result<Outcome, String> {
    let config = runner.config.smtp.clone().ok_or("mail is not configured (TANDEM_SMTP_HOST)")?;
    let mail: MailJob = serde_json::from_str(&job.payload).map_err(|e| format!("bad mail job: {e}"))?;
    let message = build(&config, &mail)?;
    actix_web::web::block(move || transport(&config)?.send(&message).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())??;
    Ok(Outcome::Done)
}
