//! Addresses: family kept, subnet grouping kept (module doc of `redact`).

use super::key::Key;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The pseudonym of an IP address or CIDR, `None` when `s` is neither.
pub(super) fn address(r: &Key, s: &str) -> Option<String> {
    if let Some((addr, bits)) = s.split_once('/') {
        let bits: u8 = bits.parse().ok()?;
        return Some(format!("{}/{bits}", ip(r, addr.parse().ok()?)));
    }
    Some(ip(r, s.parse().ok()?).to_string())
}

fn ip(r: &Key, addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(a) => {
            let [o1, o2, o3, host] = a.octets();
            let mac = r.mac("ipv4", &[o1, o2, o3]);
            IpAddr::V4(Ipv4Addr::new(10, mac[0], mac[1], host))
        }
        IpAddr::V6(a) => {
            let o = a.octets();
            let mac = r.mac("ipv6", &o[..8]);
            let mut new = [0u8; 16];
            new[0] = 0xfd;
            new[1..8].copy_from_slice(&mac[..7]);
            new[8..].copy_from_slice(&o[8..]);
            IpAddr::V6(Ipv6Addr::from(new))
        }
    }
}
