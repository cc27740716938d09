//! What a YAML scalar means to kubectl: go-yaml v2's YAML 1.1 resolution (`resolve.go`, vendored
//! by kubectl as `sigs.k8s.io/yaml/goyaml.v2`), then `sigs.k8s.io/yaml`'s conversion to JSON
//! (`yaml.go`, `convertToJSONableObject` and `json.Marshal`).
//!
//! Only plain (unquoted) scalars are resolved; quoted and block scalars are strings, unless an
//! explicit `!!int`/`!!float`/`!!bool`/`!!null` tag asks for a type (`decode.go`, `scalar`).

use serde_json::{Number, Value};

/// A scalar as go-yaml v2 resolves it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

/// go-yaml v2's `resolveMap`: YAML 1.1 booleans (`y`, `yes`, `on`, ...), nulls and special floats.
fn from_table(s: &str) -> Option<Scalar> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Resolves a plain scalar (go-yaml v2 `resolve("", in)`).
pub(crate) fn plain(s: &str) -> Scalar {
    if let Some(v) = from_table(s) {
        return v;
    }
    match s.as_bytes()[0] {
        b'.' => {
            if let Some(f) = go_parse_float(s) {
                return Scalar::Float(f);
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(s) {
                // decode.go: a timestamp decoded into interface{} stays the string it was.
                return Scalar::Str(s.to_string());
            }
            let digits = s.replace('_', "");
            if let Some(v) = go_parse_int(&digits) {
                return v;
            }
            if is_yaml_float(&digits)
                && let Some(f) = go_parse_float(&digits)
            {
                return Scalar::Float(f);
            }
        }
        _ => {}
    }
    Scalar::Str(s.to_string())
}

/// Resolves a scalar carrying an explicit core tag (`!!int`, `!!str`, ...): the text is read as
/// a plain scalar and must resolve to that type (an int may stand for a float). `Err` is
/// go-yaml's complaint, e.g. ``cannot decode !!str `abc` as a !!int``.
pub(crate) fn tagged(tag: &str, s: &str) -> Result<Scalar, String> {
    let resolved = match tag {
        "str" | "binary" | "timestamp" => return Ok(Scalar::Str(s.to_string())),
        "int" | "float" | "bool" | "null" => plain(s),
        // Tags go-yaml does not resolve (`!!map` on a scalar, application tags) leave text.
        _ => return Ok(Scalar::Str(s.to_string())),
    };
    let got = match &resolved {
        Scalar::Null => "null",
        Scalar::Bool(_) => "bool",
        Scalar::Int(_) | Scalar::Uint(_) => "int",
        Scalar::Float(_) => "float",
        Scalar::Str(_) if is_timestamp(s) => "timestamp",
        Scalar::Str(_) => "str",
    };
    match (tag, resolved) {
        (t, v) if t == got => Ok(v),
        ("float", Scalar::Int(i)) => Ok(Scalar::Float(i as f64)),
        ("float", Scalar::Uint(u)) => Ok(Scalar::Float(u as f64)),
        _ => Err(format!("cannot decode !!{got} `{s}` as a !!{tag}")),
    }
}

/// The JSON value `sigs.k8s.io/yaml` writes for a scalar. A float is written as Go's
/// `json.Marshal` writes it, so an integral one (`80.0`, `1e3`) is an integer to the JSON
/// decoder that reads it back. `Err` for NaN and infinities, which JSON cannot hold.
pub(crate) fn to_json(v: Scalar) -> Result<Value, &'static str> {
    Ok(match v {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Number(i.into()),
        Scalar::Uint(u) => Value::Number(u.into()),
        Scalar::Float(f) => float_to_json(f)?,
        Scalar::Str(s) => Value::String(s),
    })
}

fn float_to_json(f: f64) -> Result<Value, &'static str> {
    if f.is_nan() {
        return Err("NaN");
    }
    if f.is_infinite() {
        return Err("an infinite number");
    }
    // json.Marshal writes |f| < 1e21 without an exponent: integral values are integers then.
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Ok(Value::Number((f as i64).into()));
        }
        if f >= 0.0 && f < u64::MAX as f64 {
            return Ok(Value::Number((f as u64).into()));
        }
    }
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

/// A mapping key as `sigs.k8s.io/yaml` turns it into a JSON object key; `None` for keys it
/// refuses (null, and integers beyond int64).
pub(crate) fn key_string(v: &Scalar) -> Option<String> {
    Some(match v {
        Scalar::Null | Scalar::Uint(_) => return None,
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => go_format_float32_g(*f),
        Scalar::Str(s) => s.clone(),
    })
}

/// The same for a key that is an alias to a scalar (already a JSON value).
pub(crate) fn key_from_json(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Some(i.to_string()),
            (None, Some(f)) if n.as_u64().is_none() => Some(go_format_float32_g(f)),
            _ => None,
        },
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint` as go-yaml does: an optional
/// sign, then `0x`/`0X` hex, `0o`/`0O` or a leading `0` octal, `0b`/`0B` binary, or decimal.
fn go_parse_int(s: &str) -> Option<Scalar> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    // ParseUint, go-yaml's fallback beyond int64, takes no sign.
    if s.starts_with('+') && magnitude > i64::MAX as u64 {
        return None;
    }
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            return Some(Scalar::Int((magnitude as i128).wrapping_neg() as i64));
        }
        return None;
    }
    Some(match i64::try_from(magnitude) {
        Ok(i) => Scalar::Int(i),
        Err(_) => Scalar::Uint(magnitude),
    })
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal spellings YAML produces (Go also reads hex
/// floats, `Inf` and `NaN`, none of which reach it from go-yaml's resolver in a form Rust
/// reads differently except `inf`/`nan` words, which are excluded here).
fn go_parse_float(s: &str) -> Option<f64> {
    let body = s.trim_start_matches(['+', '-']);
    if body.is_empty()
        || !body
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == b'.')
    {
        return None;
    }
    if !s
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    // Go refuses what overflows (`1e999`), so go-yaml keeps such text a string.
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// go-yaml v2 `parseTimestamp`: `YYYY-` then one of its four layouts (RFC 3339 with short date
/// fields, `T` or `t`; date and time separated by a space; a date alone).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some((&s[i..i + 1], &s[i + 1..]))),
        None => (s, None),
    };
    let mut parts = date.splitn(3, '-');
    let (Some(_year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let small = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    if !small(month, 12) || !small(day, 31) {
        return false;
    }
    let Some((sep, rest)) = time else {
        return true;
    };
    // "2006-1-2 15:4:5.999999999" has no zone; the T forms require one (Z or ±hh:mm).
    let (clock, zone_ok) = if sep == " " {
        (rest, true)
    } else if let Some(c) = rest.strip_suffix('Z') {
        (c, true)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let zone = &rest[i + 1..];
        let ok = zone.len() == 5
            && zone.as_bytes()[2] == b':'
            && zone[..2].bytes().all(|c| c.is_ascii_digit())
            && zone[3..].bytes().all(|c| c.is_ascii_digit());
        (&rest[..i], ok)
    } else {
        (rest, false)
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (clock, None),
    };
    let mut hms = hms.splitn(3, ':');
    let (Some(h), Some(m), Some(sec)) = (hms.next(), hms.next(), hms.next()) else {
        return false;
    };
    let field = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    zone_ok
        && field(h, 23)
        && field(m, 59)
        && field(sec, 59)
        && frac.is_none_or(|f| (1..=9).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()))
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`, the spelling `sigs.k8s.io/yaml` gives a float
/// mapping key: the shortest digits that read back as the same float32, in exponent form
/// (`1e+06`) when the decimal exponent is below -4 or at least 6 (Go's rule for shortest `%g`).
fn go_format_float32_g(f: f64) -> String {
    let f = f as f32;
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e6", "-2.5e-7".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    let eprec = 6;
    if exp < -4 || exp >= eprec {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize));
    }
    let point = (exp + 1) as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans_nulls_and_numbers() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(plain(t), Scalar::Bool(true), "{t}");
        }
        for f in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False",
        ] {
            assert_eq!(plain(f), Scalar::Bool(false), "{f}");
        }
        for s in ["yEs", "oN", "nO", "tRUE", "nil", "None", "-", "0x", "1:20"] {
            assert_eq!(plain(s), Scalar::Str(s.to_string()), "{s}");
        }
        for n in ["~", "null", "Null", "NULL", ""] {
            assert_eq!(plain(n), Scalar::Null, "{n:?}");
        }
        assert_eq!(plain("0644"), Scalar::Int(420));
        assert_eq!(plain("0o644"), Scalar::Int(420));
        assert_eq!(plain("0400"), Scalar::Int(256));
        assert_eq!(plain("0x1F"), Scalar::Int(31));
        assert_eq!(plain("-0x1F"), Scalar::Int(-31));
        assert_eq!(plain("0b101"), Scalar::Int(5));
        assert_eq!(plain("+80"), Scalar::Int(80));
        assert_eq!(plain("1_000"), Scalar::Int(1000));
        assert_eq!(plain("0"), Scalar::Int(0));
        // Not octal, so a float (ParseInt fails, yamlStyleFloat matches).
        assert_eq!(plain("09"), Scalar::Float(9.0));
        assert_eq!(plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(plain(".5"), Scalar::Float(0.5));
        assert_eq!(plain("18446744073709551615"), Scalar::Uint(u64::MAX));
        assert_eq!(
            plain("0000000000000000000000000000000000000000000000000000000000000000"),
            Scalar::Int(0)
        );
        assert_eq!(plain("2024-01-02"), Scalar::Str("2024-01-02".into()));
        assert_eq!(
            plain("2001-12-14t21:59:43.10Z"),
            Scalar::Str("2001-12-14t21:59:43.10Z".into())
        );
        assert_eq!(plain("12e"), Scalar::Str("12e".into()));
        assert_eq!(plain("1.2.3"), Scalar::Str("1.2.3".into()));
        assert_eq!(plain("v1"), Scalar::Str("v1".into()));
    }

    #[test]
    fn json_numbers_as_go_writes_them() {
        assert_eq!(to_json(plain("80.0")), Ok(serde_json::json!(80)));
        assert_eq!(to_json(plain("1e3")), Ok(serde_json::json!(1000)));
        assert_eq!(to_json(plain("0.5")), Ok(serde_json::json!(0.5)));
        assert!(to_json(plain(".inf")).is_err());
        assert!(to_json(plain(".nan")).is_err());
    }

    #[test]
    fn explicit_tags() {
        assert_eq!(tagged("str", "0644"), Ok(Scalar::Str("0644".into())));
        assert_eq!(tagged("int", "0644"), Ok(Scalar::Int(420)));
        assert_eq!(tagged("float", "1"), Ok(Scalar::Float(1.0)));
        assert_eq!(
            tagged("int", "abc"),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
    }

    #[test]
    fn keys_as_sigs_yaml_spells_them() {
        assert_eq!(key_string(&plain("yes")).as_deref(), Some("true"));
        assert_eq!(key_string(&plain("010")).as_deref(), Some("8"));
        assert_eq!(key_string(&plain("1.5")).as_deref(), Some("1.5"));
        assert_eq!(key_string(&plain("1.0")).as_deref(), Some("1"));
        assert_eq!(key_string(&plain("1e6")).as_deref(), Some("1e+06"));
        assert_eq!(key_string(&plain("100000")).as_deref(), Some("100000"));
        assert_eq!(key_string(&plain("0.0001")).as_deref(), Some("0.0001"));
        assert_eq!(key_string(&plain("0.00001")).as_deref(), Some("1e-05"));
        assert_eq!(key_string(&plain("~")), None);
    }
}
