//! The one door out: every request to a URL a user gave (group robots, webhooks, and whatever
//! comes later: identity providers, directory APIs, object stores) goes through [`Outbound`].
//!
//! - Only `http` and `https`, no credentials in the URL, no proxies from the environment.
//! - Every address a host name resolves to, and every literal address, is checked before a
//!   connection is made: loopback, private, link-local (cloud metadata at 169.254.169.254 and
//!   fd00:ec2::254), carrier-grade NAT, multicast, documentation and reserved ranges, IPv4 inside
//!   IPv6, are refused unless the operator allows a range (`TANDEM_OUTBOUND_ALLOW`). The check sits
//!   in the client's resolver, so the connection goes to the address that was checked (no second
//!   lookup to rebind).
//! - Redirects are not followed (a 3xx is an answer like any other), so no hop escapes the check.
//! - Time (connect 5 s, whole request 10 s) and size (64 KiB read of an answer) are capped.
//! - Errors say what happened in a few words, never the remote body, the URL or its query (which
//!   carries robots' access tokens): they end up in job rows, delivery logs and problem details.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an answer is read (platforms answer a few hundred bytes of JSON).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Why a request did not get an answer, in words fit for a user, a log and a job row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundError {
    /// Not an http(s) URL, or one with credentials or without a host.
    BadUrl,
    /// The target is (or resolves to) an address the operator does not allow.
    Forbidden,
    /// The host name does not resolve.
    UnknownHost,
    Timeout,
    /// Refused, reset or otherwise not reachable.
    Unreachable,
}

impl std::fmt::Display for OutboundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::BadUrl => "not an http(s) URL without credentials",
            Self::Forbidden => "the address is on an internal network, which is not allowed",
            Self::UnknownHost => "the host name does not resolve",
            Self::Timeout => "no answer in time",
            Self::Unreachable => "unreachable",
        })
    }
}

impl std::error::Error for OutboundError {}

/// An answer: its status and the first [`MAX_ANSWER_BYTES`] of its body (for the caller to read
/// a platform's result code; never to show).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Which addresses may be reached.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    /// Ranges the operator allows although they are internal.
    pub allow: Vec<IpNet>,
}

impl AddressPolicy {
    pub fn permits(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.allow.iter().any(|n| n.contains(&ip)) || !is_internal(ip)
    }
}

/// An IPv4 address written as IPv6 (mapped `::ffff:a.b.c.d`) is checked as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Addresses that are not on the public internet: where a request would reach the server's own
/// machine, its network, or a cloud's metadata service.
pub fn is_internal(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_unspecified()                                // 0.0.0.0
        || a == 0                                      // 0.0.0.0/8 "this network"
        || ip.is_loopback()                            // 127.0.0.0/8
        || ip.is_private()                             // 10/8, 172.16/12, 192.168/16
        || ip.is_link_local()                          // 169.254/16: cloud metadata
        || (a == 100 && (64..128).contains(&b))        // 100.64/10 carrier-grade NAT
        || (a == 192 && b == 0 && c == 0)              // 192.0.0/24 protocol assignments
        || (a == 192 && b == 0 && c == 2)              // TEST-NET-1
        || (a == 198 && (b == 18 || b == 19))          // 198.18/15 benchmarking
        || (a == 198 && b == 51 && c == 100)           // TEST-NET-2
        || (a == 203 && b == 0 && c == 113)            // TEST-NET-3
        || ip.is_multicast()                           // 224/4
        || a >= 240 // 240/4 reserved, and the broadcast address
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    ip.is_unspecified()                                // ::
        || ip.is_loopback()                            // ::1
        || (s[0] & 0xfe00) == 0xfc00                   // fc00::/7 unique local (fd00:ec2::254 metadata)
        || (s[0] & 0xffc0) == 0xfe80                   // fe80::/10 link-local
        || (s[0] & 0xffc0) == 0xfec0                   // fec0::/10 site-local (deprecated)
        || ip.is_multicast()                           // ff00::/8
        || (s[0] == 0x2001 && s[1] == 0x0db8)          // 2001:db8::/32 documentation
        || (s[0] == 0x0100 && s[1] == 0 && s[2] == 0 && s[3] == 0) // 100::/64 discard
        // NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) carry an IPv4 address: check that one.
        || ((s[0] == 0x0064 && s[1] == 0xff9b && s[2..6] == [0; 4]) || s[0..6] == [0; 6])
            && is_internal_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8))
}

/// Checks a URL a user gave (also when it is saved): http(s), a host, no credentials, and a
/// literal address only when `policy` permits it. Host names are checked when they are resolved.
pub fn check_url(url: &str, policy: &AddressPolicy) -> Result<reqwest::Url, OutboundError> {
    let u = reqwest::Url::parse(url.trim()).map_err(|_| OutboundError::BadUrl)?;
    if !matches!(u.scheme(), "http" | "https") || !u.username().is_empty() || u.password().is_some() {
        return Err(OutboundError::BadUrl);
    }
    let literal = match u.host() {
        None => return Err(OutboundError::BadUrl),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        // Resolved by the system without DNS on some hosts: refused by name as well.
        Some(url::Host::Domain(d)) if is_localhost_name(d) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        Some(url::Host::Domain(_)) => return Ok(u),
    };
    if policy.permits(literal) {
        Ok(u)
    } else {
        Err(OutboundError::Forbidden)
    }
}

/// `localhost`, `x.localhost` (RFC 6761), with or without the root's trailing dot.
fn is_localhost_name(d: &str) -> bool {
    let d = d.trim_end_matches('.').to_ascii_lowercase();
    d == "localhost" || d.ends_with(".localhost")
}

/// Resolves host names and refuses the lookup when any address is not allowed (a name that
/// resolves partly inside is refused whole: the connection could go to either).
struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
                .await
                .map_err(|_| Box::new(OutboundError::UnknownHost) as Box<dyn std::error::Error + Send + Sync>)?
                .collect();
            if addrs.is_empty() {
                return Err(Box::new(OutboundError::UnknownHost) as Box<dyn std::error::Error + Send + Sync>);
            }
            if addrs.iter().any(|a| !policy.permits(a.ip())) {
                return Err(Box::new(OutboundError::Forbidden) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The guarded client. Cheap to clone.
#[derive(Clone)]
pub struct Outbound {
    client: reqwest::Client,
    policy: Arc<AddressPolicy>,
}

impl Outbound {
    pub fn new(policy: AddressPolicy) -> Self {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver { policy: policy.clone() }))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent("Tandem")
            .build()
            .unwrap_or_default();
        Self { client, policy }
    }

    /// [`check_url`] with this client's policy.
    pub fn check(&self, url: &str) -> Result<reqwest::Url, OutboundError> {
        check_url(url, &self.policy)
    }

    /// POSTs `body` (JSON) with `headers`; the answer's status and at most
    /// [`MAX_ANSWER_BYTES`] of its body.
    pub async fn post(&self, url: &str, headers: &[(&str, String)], body: Vec<u8>) -> Result<Answer, OutboundError> {
        let url = self.check(url)?;
        let mut req = self.client.post(url).header("content-type", "application/json").body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let mut res = req.send().await.map_err(classify)?;
        let status = res.status().as_u16();
        let mut body = Vec::new();
        while body.len() < MAX_ANSWER_BYTES {
            match res.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk[..chunk.len().min(MAX_ANSWER_BYTES - body.len())]),
                Ok(None) => break,
                // The status is known; a body cut short is not worth failing for.
                Err(_) => break,
            }
        }
        Ok(Answer { status, body })
    }
}

/// Maps a client error to a few words, never its URL.
fn classify(e: reqwest::Error) -> OutboundError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
    while let Some(s) = source {
        if let Some(mine) = s.downcast_ref::<OutboundError>() {
            return mine.clone();
        }
        source = s.source();
    }
    if e.is_timeout() {
        OutboundError::Timeout
    } else {
        OutboundError::Unreachable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn internal_ranges_are_refused_in_both_families() {
        for inside in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "fd00:ec2::254",
            "fc00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::a9fe:a9fe",
            "::7f00:1",
        ] {
            assert!(is_internal(ip(inside)), "{inside} is internal");
        }
        for outside in
            ["8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "203.0.114.1", "2400:3200::1", "64:ff9b::808:808"]
        {
            assert!(!is_internal(ip(outside)), "{outside} is public");
        }
    }

    #[test]
    fn an_operator_allows_a_range_explicitly() {
        let open = AddressPolicy { allow: vec!["10.1.0.0/16".parse().expect("net")] };
        assert!(open.permits(ip("10.1.2.3")));
        assert!(!open.permits(ip("10.2.0.1")));
        assert!(!open.permits(ip("127.0.0.1")));
        assert!(open.permits(ip("8.8.8.8")));
    }

    #[test]
    fn urls_are_checked_before_any_lookup() {
        let out = Outbound::new(AddressPolicy::default());
        assert_eq!(out.check("ftp://example.com/").expect_err("refused"), OutboundError::BadUrl);
        assert_eq!(out.check("file:///etc/passwd").expect_err("refused"), OutboundError::BadUrl);
        assert_eq!(out.check("http://user:pw@example.com/").expect_err("refused"), OutboundError::BadUrl);
        assert_eq!(out.check("http://127.0.0.1:8080/").expect_err("refused"), OutboundError::Forbidden);
        assert_eq!(out.check("http://[::1]/").expect_err("refused"), OutboundError::Forbidden);
        assert_eq!(
            out.check("http://169.254.169.254/latest/meta-data/").expect_err("refused"),
            OutboundError::Forbidden
        );
        // Decimal and hex spellings of 127.0.0.1 are parsed as the address they are.
        assert_eq!(out.check("http://2130706433/").expect_err("refused"), OutboundError::Forbidden);
        assert_eq!(out.check("http://0x7f.1/").expect_err("refused"), OutboundError::Forbidden);
        assert_eq!(out.check("http://localhost:9/").expect_err("refused"), OutboundError::Forbidden);
        assert!(out.check("https://oapi.dingtalk.com/robot/send?access_token=x").is_ok());
    }

    #[actix_web::test]
    async fn a_name_that_resolves_inside_is_refused_by_the_resolver_itself() {
        // The system resolves "localhost" to loopback without DNS: the resolver refuses the answer
        // (what a public name rebound to an internal address gets).
        let name = || "localhost".parse::<Name>().expect("name");
        let refused = GuardedResolver { policy: Arc::new(AddressPolicy::default()) }.resolve(name()).await;
        let err = refused.err().expect("refused");
        assert_eq!(err.downcast_ref::<OutboundError>(), Some(&OutboundError::Forbidden));
        let allowed =
            AddressPolicy { allow: vec!["127.0.0.0/8".parse().expect("net"), "::1/128".parse().expect("net")] };
        let addrs: Vec<SocketAddr> =
            GuardedResolver { policy: Arc::new(allowed) }.resolve(name()).await.expect("allowed").collect();
        assert!(!addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
    }
}
