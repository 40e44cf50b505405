//! The one HTTP client of webhooks: no redirects, bounded time and size, and (outside tests or an
//! explicit opt-in) no request to loopback, private or link-local addresses, checked after DNS
//! resolution so a public name that resolves inward is refused too (SSRF).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Answers longer than this are cut (a command's reply is a Telegram message: 4096 characters).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("the address is private or loopback, which webhooks may not reach")]
    PrivateAddress,
    #[error("timed out")]
    Timeout,
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("bad URL")]
    BadUrl,
}

/// What the receiver answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// `Retry-After`, in seconds from now (seconds or an HTTP date).
    pub retry_after: Option<u64>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Clone)]
pub struct HookClient {
    client: reqwest::Client,
    allow_private: bool,
}

impl HookClient {
    pub fn new(timeout: Duration, allow_private: bool) -> Result<Self, HttpError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("Switchboard-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .build()
            .map_err(|e| HttpError::Connect(e.to_string()))?;
        Ok(Self {
            client,
            allow_private,
        })
    }

    /// POSTs a JSON body with the given headers.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&'static str, String)],
        body: String,
    ) -> Result<Answer, HttpError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| HttpError::BadUrl)?;
        // A literal IP skips DNS, so the resolver's check is repeated here.
        if let Some(host) = parsed.host_str() {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            if let Ok(ip) = bare.parse::<IpAddr>()
                && !self.allow_private
                && !is_public(ip)
            {
                return Err(HttpError::PrivateAddress);
            }
        }
        let mut request = self
            .client
            .post(parsed)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| retry_after(&v));
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            let room = MAX_ANSWER_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if room <= chunk.len() {
                break;
            }
        }
        Ok(Answer {
            status,
            retry_after,
            content_type,
            body,
        })
    }
}

fn classify(err: reqwest::Error) -> HttpError {
    if err.is_timeout() {
        return HttpError::Timeout;
    }
    // The resolver's refusal arrives wrapped in a connect error.
    let mut source: Option<&dyn std::error::Error> = Some(&err);
    while let Some(e) = source {
        if e.to_string().contains(PRIVATE_REFUSAL) {
            return HttpError::PrivateAddress;
        }
        source = e.source();
    }
    HttpError::Connect(err.without_url().to_string())
}

/// `Retry-After` as seconds from now.
fn retry_after(value: &str) -> Option<u64> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(seconds);
    }
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .map_or(0, |d| d.as_secs()),
    )
}

const PRIVATE_REFUSAL: &str = "resolves only to private addresses";

struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                let err: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} {PRIVATE_REFUSAL}").into();
                return Err(err);
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether an address is on the public internet (not loopback, private, link-local, shared,
/// documentation, multicast or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_unspecified()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inward_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["1.1.1.1", "149.154.167.50", "2001:4860:4860::8888"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(120));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(0));
        assert_eq!(retry_after("soon"), None);
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        let client = HookClient::new(Duration::from_secs(2), false).unwrap();
        let refused = client
            .post("http://127.0.0.1:9/hook", &[], "{}".into())
            .await;
        assert_eq!(refused, Err(HttpError::PrivateAddress));
        let refused = client
            .post("http://localhost:9/hook", &[], "{}".into())
            .await;
        assert_eq!(refused, Err(HttpError::PrivateAddress));
    }
}
