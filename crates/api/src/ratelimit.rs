//! A token bucket per API key: `burst` requests at once, refilled at `per_second`. Hand-written
//! (a few lines, a pure function of the time) rather than a rate-limiting crate.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use storage::ConnectionId;

/// How many requests a key may make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Requests allowed at once.
    pub burst: u32,
    /// Requests regained per second.
    pub per_second: f64,
}

impl Default for Rate {
    fn default() -> Self {
        Rate {
            burst: 60,
            per_second: 10.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Takes one token at `now`: `Ok`, or how long until one is there.
fn take(bucket: &mut Bucket, rate: Rate, now: Instant) -> Result<(), Duration> {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(f64::from(rate.burst));
    bucket.at = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        Ok(())
    } else {
        let wait = (1.0 - bucket.tokens) / rate.per_second.max(f64::MIN_POSITIVE);
        Err(Duration::from_secs_f64(wait.min(86_400.0)))
    }
}

/// The buckets of every key that made a request (one key per connection).
#[derive(Debug, Default)]
pub struct Limiter {
    rate: Rate,
    buckets: Mutex<HashMap<ConnectionId, Bucket>>,
}

impl Limiter {
    pub fn new(rate: Rate) -> Self {
        Limiter {
            rate,
            buckets: Mutex::default(),
        }
    }

    /// One request of `key`: `Ok`, or the seconds to wait (at least 1, for `Retry-After`).
    pub fn check(&self, key: ConnectionId) -> Result<(), u64> {
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-update; the map is still
        // a valid set of buckets.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: f64::from(self.rate.burst),
            at: now,
        });
        take(bucket, self.rate, now).map_err(|wait| wait.as_secs_f64().ceil().max(1.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_waits_for_the_refill() {
        let rate = Rate {
            burst: 3,
            per_second: 2.0,
        };
        let start = Instant::now();
        let mut bucket = Bucket {
            tokens: 3.0,
            at: start,
        };
        for _ in 0..3 {
            assert_eq!(take(&mut bucket, rate, start), Ok(()));
        }
        let wait = take(&mut bucket, rate, start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(take(&mut bucket, rate, start + wait), Ok(()));
        // Refills never exceed the burst.
        let later = start + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(take(&mut bucket, rate, later), Ok(()));
        }
        assert!(take(&mut bucket, rate, later).is_err());
    }
}
