//! The Kubernetes version whose controller rules apply.

use std::fmt;
use std::str::FromStr;

/// A Kubernetes minor version (`1.32`). Patch levels do not change the rules we model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    /// Major version (always 1 so far).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl KubeVersion {
    /// The newest behaviour this tool models (`../shared/docs/endpointslice-semantics.md` is 1.36).
    pub const NEWEST: KubeVersion = KubeVersion {
        major: 1,
        minor: 36,
    };

    /// Builds `major.minor`.
    pub const fn new(major: u32, minor: u32) -> Self {
        KubeVersion { major, minor }
    }

    /// Parses `v1.32.6`, `1.32`, `1.32+`, or a gitVersion like `v1.32.6-eks-abc`.
    pub fn parse_lenient(s: &str) -> Option<Self> {
        let s = s.trim().trim_start_matches('v');
        let mut it = s.split('.');
        let major = digits(it.next()?)?;
        let minor = digits(it.next()?)?;
        Some(KubeVersion { major, minor })
    }
}

fn digits(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(char::is_ascii_digit).collect();
    d.parse().ok()
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

impl FromStr for KubeVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KubeVersion::parse_lenient(s)
            .ok_or_else(|| format!("not a Kubernetes version: {s:?} (want e.g. 1.32)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        assert_eq!(
            KubeVersion::parse_lenient("v1.32.6"),
            Some(KubeVersion::new(1, 32))
        );
        assert_eq!(
            KubeVersion::parse_lenient("1.33"),
            Some(KubeVersion::new(1, 33))
        );
        assert_eq!(
            KubeVersion::parse_lenient("v1.30.2-eks-1"),
            Some(KubeVersion::new(1, 30))
        );
        assert_eq!(
            KubeVersion::parse_lenient("1.28+"),
            Some(KubeVersion::new(1, 28))
        );
        assert_eq!(KubeVersion::parse_lenient("x"), None);
        assert!(KubeVersion::new(1, 32) < KubeVersion::new(1, 33));
    }
}
