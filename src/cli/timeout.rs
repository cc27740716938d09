//! `--request-timeout`, parsed as kubectl parses it.
//!
//! client-go's `clientcmd` (`staging/src/k8s.io/client-go/tools/clientcmd/client_config.go`,
//! `ParseTimeout`): a bare non-negative integer is seconds, anything else is a Go duration
//! (`time.ParseDuration`: `300ms`, `1.5h`, `2h45m`; units ns, us, µs, ms, s, m, h). Zero means
//! no timeout.

use std::str::FromStr;
use std::time::Duration;

/// `--request-timeout`: `None` means wait forever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTimeout {
    /// The limit, if any.
    pub limit: Option<Duration>,
    /// As the user wrote it, for messages.
    pub spelled: String,
}

impl RequestTimeout {
    /// The limit and its spelling, as the live source wants them.
    pub fn as_option(&self) -> Option<(Duration, String)> {
        self.limit.map(|d| (d, self.spelled.clone()))
    }
}

impl FromStr for RequestTimeout {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d = parse(s.trim()).ok_or_else(|| {
            format!("invalid timeout {s:?}: want e.g. 5s, 1m, 1h30m, or 0 for none")
        })?;
        Ok(RequestTimeout {
            limit: (!d.is_zero()).then_some(d),
            spelled: s.trim().to_string(),
        })
    }
}

fn parse(s: &str) -> Option<Duration> {
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // Go: an optional sign, then one or more `<decimal><unit>`; "0" alone is allowed above.
    let mut rest = s;
    let mut total = 0f64;
    if rest.is_empty() || rest.starts_with('-') {
        return None;
    }
    rest = rest.strip_prefix('+').unwrap_or(rest);
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    Duration::try_from_secs_f64(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(s: &str) -> Option<Duration> {
        s.parse::<RequestTimeout>().unwrap().limit
    }

    #[test]
    fn kubectl_spellings() {
        assert_eq!(limit("0"), None);
        assert_eq!(limit("0s"), None);
        assert_eq!(limit("5"), Some(Duration::from_secs(5)));
        assert_eq!(limit("5s"), Some(Duration::from_secs(5)));
        assert_eq!(limit("1m"), Some(Duration::from_secs(60)));
        assert_eq!(limit("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(limit("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(limit("300ms"), Some(Duration::from_millis(300)));
    }

    #[test]
    fn rejects_what_kubectl_rejects() {
        for bad in ["", "5x", "-1s", "s", "1m30", "abc"] {
            assert!(bad.parse::<RequestTimeout>().is_err(), "{bad:?}");
        }
    }
}
