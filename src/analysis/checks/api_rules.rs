//! The API server's rules for names and port numbers, as `invalid-object` applies them. Each
//! returns what is wrong as a predicate that follows the field's name (`is 123456, outside
//! 1-65535`), or `None` when the value is valid.
//!
//! Source: `k8s.io/apimachinery/pkg/util/validation/validation.go` (`IsValidPortNum`,
//! `IsValidPortName`, `IsDNS1123Label`, `IsDNS1035Label`, `IsDNS1123Subdomain`).

/// `IsValidPortNum`: 1-65535.
pub(super) fn port_number(n: i32) -> Option<String> {
    (!(1..=65535).contains(&n)).then(|| format!("is {n}, outside 1-65535"))
}

/// `IsValidPortName` (an IANA_SVC_NAME): at most 15 characters of a-z, 0-9 and `-`, at least
/// one letter, no `--`, no `-` at either end. Container port names and named targetPorts
/// follow it; a string targetPort is always read as a name, so `"8080"` breaks it.
pub(super) fn port_name(name: &str) -> Option<String> {
    let mut why = Vec::new();
    if name.len() > 15 {
        why.push(format!("is {} characters long (at most 15)", name.len()));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        why.push("may hold only a-z, 0-9 and '-'".to_string());
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        why.push("must contain at least one letter (a-z)".to_string());
    }
    if name.contains("--") {
        why.push("must not contain '--'".to_string());
    }
    if name.starts_with('-') || name.ends_with('-') {
        why.push("must not begin or end with '-'".to_string());
    }
    (!why.is_empty()).then(|| format!("is {name:?}, not a valid port name: it {}", why.join(", ")))
}

/// `IsDNS1123Label`: Service port names. At most 63 characters of a-z, 0-9 and `-`, starting
/// and ending with a letter or digit.
pub(super) fn dns1123_label(name: &str) -> Option<String> {
    label(name, false).map(|why| format!("is {name:?}, not a DNS-1123 label: {why}"))
}

/// `IsDNS1035Label` (`ValidateServiceName`): Service names, and the Service an Ingress backend
/// names. Like a DNS-1123 label, but starting with a letter.
pub(super) fn dns1035_label(name: &str) -> Option<String> {
    label(name, true).map(|why| format!("is {name:?}, not a DNS-1035 label: {why}"))
}

/// `IsDNS1123Subdomain`: `externalName` (without a trailing dot). Labels joined by dots, at
/// most 253 characters.
pub(super) fn dns1123_subdomain(name: &str) -> Option<String> {
    let why = if name.len() > 253 {
        Some(format!(
            "it is {} characters long, at most 253 are allowed",
            name.len()
        ))
    } else {
        name.split('.')
            .find_map(|l| label(l, false))
            .map(str::to_string)
    };
    why.map(|why| format!("is {name:?}, not a DNS-1123 subdomain: {why}"))
}

fn label(name: &str, letter_first: bool) -> Option<&'static str> {
    let b = name.as_bytes();
    if b.is_empty() {
        return Some("it is empty");
    }
    if b.len() > 63 {
        return Some("it is longer than 63 characters");
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    {
        return Some("only lowercase a-z, 0-9 and '-' are allowed");
    }
    if letter_first && !b[0].is_ascii_lowercase() {
        return Some("it must start with a letter");
    }
    if b[0] == b'-' || b[b.len() - 1] == b'-' {
        return Some("it must start and end with a letter or digit");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_names_follow_iana_svc_name() {
        assert_eq!(port_name("http"), None);
        assert_eq!(port_name("grpc-2"), None);
        assert_eq!(
            port_name("metrics-exporter"),
            Some("is \"metrics-exporter\", not a valid port name: it is 16 characters long (at most 15)".into())
        );
        assert_eq!(
            port_name("8080"),
            Some(
                "is \"8080\", not a valid port name: it must contain at least one letter (a-z)"
                    .into()
            )
        );
        assert!(port_name("Http").unwrap().contains("only a-z"));
        assert!(port_name("a--b").unwrap().contains("'--'"));
        assert!(port_name("-ab").unwrap().contains("begin or end"));
    }

    #[test]
    fn labels_and_subdomains() {
        assert_eq!(
            dns1123_label("http-metrics-for-the-long-running-exporter"),
            None
        );
        assert!(dns1123_label("http_2").is_some());
        assert_eq!(dns1035_label("web"), None);
        assert!(
            dns1035_label("1web")
                .unwrap()
                .contains("start with a letter")
        );
        assert!(dns1035_label("Web").is_some());
        assert_eq!(dns1123_subdomain("db.example.com"), None);
        assert!(dns1123_subdomain("http://db.example.com").is_some());
        assert_eq!(port_number(65535), None);
        assert_eq!(
            port_number(123456),
            Some("is 123456, outside 1-65535".into())
        );
    }
}
