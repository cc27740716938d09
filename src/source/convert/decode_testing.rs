//! Test support for the hand-written decoders (`pod_decode`, `endpoint_slice_decode`,
//! `endpoints_decode`): their promise checked on one text, recorded objects of a kind, and random
//! texts shaped like its wire fields.

/// The readers' promise on one text: whatever `read` reads, serde's derived `Deserialize` of
/// the same shape reads identically (asserted); returns whether `read` read it.
pub(super) fn agrees<T>(read: fn(&str) -> Option<T>, text: &str) -> bool
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    agrees_as(read, |t: T| t, text)
}

/// As [`agrees`], for a reader that makes what `convert` makes of serde's shape.
pub(super) fn agrees_as<T, U>(read: fn(&str) -> Option<U>, convert: fn(T) -> U, text: &str) -> bool
where
    T: serde::de::DeserializeOwned,
    U: PartialEq + std::fmt::Debug,
{
    match read(text) {
        Some(read) => {
            let by_serde: Option<U> = serde_json::from_str(text).ok().map(convert);
            assert_eq!(Some(&read), by_serde.as_ref(), "{text}");
            true
        }
        None => false,
    }
}

/// Field tables more than one kind shares (the shapes `meta_decode` and
/// `endpoint_slice_decode` read for several kinds): `objectMeta` is the metadata of
/// EndpointSlices and Endpoints.
pub(super) fn shared_fields(shape: &str) -> &'static [(&'static str, &'static str)] {
    match shape {
        "objectMeta" => &[
            ("name", "str"),
            ("namespace", "str"),
            ("uid", "str"),
            ("resourceVersion", "str"),
            ("labels", "labels"),
            ("annotations", "labels"),
            ("deletionTimestamp", "str"),
            ("ownerReferences", "[]owner"),
        ],
        "owner" => &[
            ("apiVersion", "str"),
            ("kind", "str"),
            ("name", "str"),
            ("uid", "str"),
            ("controller", "bool"),
        ],
        "port" => &[
            ("name", "str"),
            ("port", "int"),
            ("protocol", "str"),
            ("appProtocol", "str"),
        ],
        "ref" => &[
            ("kind", "str"),
            ("namespace", "str"),
            ("name", "str"),
            ("uid", "str"),
        ],
        _ => unreachable!("{shape}"),
    }
}

/// A small deterministic generator of JSON text shaped like a kind's wire fields: `fields`
/// names each shape's fields and what each holds (`str`, `bool`, `int`, `labels`, another
/// shape, `[]x` for an array of x).
pub(super) struct Gen {
    rng: crate::testing::Xorshift,
    fields: Fields,
}

/// A shape's fields and what each holds.
pub(super) type Fields = fn(&str) -> &'static [(&'static str, &'static str)];

impl Gen {
    pub(super) fn new(seed: u64, fields: Fields) -> Gen {
        Gen {
            rng: crate::testing::Xorshift::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
            fields,
        }
    }

    fn below(&mut self, n: u64) -> u64 {
        self.rng.below(n as usize) as u64
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }

    /// A field's value: mostly what the field holds, sometimes anything else.
    fn value(&mut self, want: &str) -> String {
        if self.below(12) == 0 {
            return self.any(2);
        }
        match want {
            "str" => self.string(),
            "bool" => self.pick(&["true", "false", "null"]).into(),
            "int" => self
                .pick(&["80", "8080", "0", "-1", "65535", "null", "2147483647"])
                .into(),
            "labels" => {
                let keys = ["app", "tier", "pod-template-hash", "a/b", "app"];
                let n = self.below(5);
                let pairs: Vec<String> = (0..n)
                    .map(|_| format!("\"{}\": {}", self.pick(&keys), self.string()))
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
            other => {
                let fields = (self.fields)(other);
                let n = self.below(fields.len() as u64 + 2);
                let parts: Vec<String> = (0..n)
                    .map(|_| {
                        if self.below(5) == 0 {
                            return format!("\"{}\": {}", self.pick(&["image", "x"]), self.any(2));
                        }
                        let (name, kind) = fields[self.below(fields.len() as u64) as usize];
                        let value = match kind.strip_prefix("[]") {
                            Some(element) => {
                                let n = self.below(3);
                                let items: Vec<String> =
                                    (0..n).map(|_| self.value(element)).collect();
                                format!("[{}]", items.join(","))
                            }
                            None => self.value(kind),
                        };
                        format!("\"{name}\":{}{value}", self.pick(&["", " ", "\n  "]))
                    })
                    .collect();
                if self.below(8) == 0 {
                    return "null".into();
                }
                format!("{{{}}}", parts.join(self.pick(&[",", ", ", ",\n"])))
            }
        }
    }

    fn string(&mut self) -> String {
        self.pick(&[
            "\"web\"",
            "\"\"",
            "\"10.0.0.7\"",
            "\"Ready\"",
            "\"a\\\"b\"",
            "\"\\u00e9t\\u00e9\"",
            "\"\\ud83d\\ude00\"",
            "\"tab\\there\"",
            "\"h\u{e9}llo w\u{f6}rld, a longer value\"",
            "null",
        ])
        .into()
    }

    fn any(&mut self, depth: u32) -> String {
        match self.below(if depth == 0 { 5 } else { 7 }) {
            0 => self.string(),
            1 => self
                .pick(&["0", "-1.5", "1e3", "18446744073709551616", "-0"])
                .into(),
            2 => self.pick(&["true", "false"]).into(),
            3 => "null".into(),
            4 => "\"s\"".into(),
            5 => format!("[{}, {}]", self.any(depth - 1), self.any(depth - 1)),
            _ => format!(
                "{{\"k\": {}, \"ready\": {}}}",
                self.any(depth - 1),
                self.any(depth - 1)
            ),
        }
    }

    /// A value of shape `shape`.
    pub(super) fn shaped(&mut self, shape: &str) -> String {
        self.value(shape)
    }

    /// One byte dropped, doubled or replaced by JSON punctuation.
    pub(super) fn damage(&mut self, text: &mut String) {
        let bytes = text.as_bytes();
        let at = self.below(bytes.len() as u64) as usize;
        if !text.is_char_boundary(at) || !text.is_char_boundary(at + 1) {
            return;
        }
        let punctuation = self.pick(&["", "\"", ",", "}", "]", "\\", "1", " ", "\u{1}"]);
        let doubled = text[at..at + 1].to_string();
        let with = if self.below(3) == 0 {
            doubled.as_str()
        } else {
            punctuation
        };
        text.replace_range(at..at + 1, with);
    }
}

/// Every object of `kind` in the recorded dumps (from a real control plane, YAML or JSON) of
/// tests/fixtures, as compact and as indented JSON text (kubectl's `-o json`).
pub(super) fn recorded(kind: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts = Vec::new();
    for scenario in std::fs::read_dir(dir).unwrap() {
        for name in ["cluster.json", "cluster.yaml"] {
            let path = scenario.as_ref().unwrap().path().join(name);
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            // Read with the YAML library itself, not the tool's reader (`source::decode`, which
            // sits above the converters): one document, a List, in every fixture.
            let mut options = serde_saphyr::Options::default();
            options.budget = None;
            let doc: serde_json::Value =
                serde_saphyr::from_str_with_options(&text, options).unwrap();
            {
                let items = doc["items"].as_array().cloned();
                for item in items.unwrap_or_else(|| vec![doc.clone()]) {
                    if item["kind"] == kind {
                        texts.push(serde_json::to_string(&item).unwrap());
                        texts.push(serde_json::to_string_pretty(&item).unwrap());
                    }
                }
            }
        }
    }
    texts
}

/// Random texts of `shape` (a third of them damaged by a byte): `agrees` on each, which
/// asserts that what the reader reads serde reads the same; returns how many undamaged texts
/// the reader read, and of how many.
pub(super) fn random(shape: &str, fields: Fields, agrees: impl Fn(&str) -> bool) -> (usize, usize) {
    let (mut read, mut whole) = (0, 0);
    for seed in 1..=30_000u64 {
        let mut g = Gen::new(seed, fields);
        let mut text = g.shaped(shape);
        let damaged = seed % 3 == 0;
        if damaged {
            g.damage(&mut text);
        }
        let by_hand = agrees(&text);
        if !damaged {
            whole += 1;
            read += usize::from(by_hand);
        }
    }
    (read, whole)
}
