//! Where a JSON value ends, found 64 bytes at a time: the splitter of a big List
//! (`json_stream`) only needs the end of each item, and looking at every byte (most of them
//! inside short strings) cost it as much as serde_json's whole parse of the same text.
//!
//! Each block of 64 bytes becomes four bit masks (quotes, backslashes, openers `{[`, closers
//! `}]`), computed sixteen bytes at a time with the `wide` crate's portable SIMD (SSE2 on every
//! x86_64, NEON on aarch64, plain integers elsewhere; this crate forbids `unsafe`, `wide` holds
//! it). Against the eight-bytes-at-a-time integer arithmetic it replaced: 95 -> 22 ms for the
//! masks of a 200 MB dump. Escaped quotes are removed with the backslash mask, a prefix XOR of the remaining
//! quotes marks the bytes inside strings, and the nesting depth moves by whole popcounts unless
//! it can reach zero in the block. The technique is simdjson's first stage (Langdale and
//! Lemire, "Parsing Gigabytes of JSON per Second", 2019).
//!
//! Only structure is found; serde_json still validates every byte of each item, so a malformed
//! input is reported by it, never accepted because of where the scanner cut.

/// The scan of one value, carried from one buffer to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ValueEnd {
    /// Containers open; 0 while scanning a lone string.
    depth: usize,
    in_string: bool,
    /// The previous buffer ended with an unescaped backslash (inside a string).
    escape_next: bool,
}

impl ValueEnd {
    /// After the opening quote of a string value.
    pub(super) fn string() -> ValueEnd {
        ValueEnd {
            depth: 0,
            in_string: true,
            escape_next: false,
        }
    }

    /// After the opening `{` or `[` of a container.
    pub(super) fn container() -> ValueEnd {
        ValueEnd {
            depth: 1,
            in_string: false,
            escape_next: false,
        }
    }

    /// The offset just past the end of the value in `bytes`, or `None` when it goes on after
    /// them (the state then continues with the next bytes).
    pub(super) fn find(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut base = 0;
        for chunk in bytes.chunks(64) {
            let masks = match <&[u8; 64]>::try_from(chunk) {
                Ok(block) => Masks::of(block),
                Err(_) => {
                    // The tail: padded with spaces, which are nothing to the scan.
                    let mut block = [b' '; 64];
                    block[..chunk.len()].copy_from_slice(chunk);
                    Masks::of(&block)
                }
            };
            if let Some(at) = self.block(masks, chunk.len()) {
                return Some(base + at);
            }
            base += chunk.len();
        }
        None
    }

    /// One block of `n` bytes (`n <= 64`): the offset past the value's end, if it is here.
    fn block(&mut self, m: Masks, n: usize) -> Option<usize> {
        // A backslash in a string escapes the next byte, which may itself be a backslash.
        let mut escaped = 0u64;
        let mut backslashes = m.backslash;
        if self.escape_next {
            escaped |= 1;
            backslashes &= !1;
            self.escape_next = false;
        }
        while backslashes != 0 {
            let i = backslashes.trailing_zeros() as usize;
            if i + 1 >= n {
                self.escape_next = true;
                break;
            }
            escaped |= 1 << (i + 1);
            backslashes &= !(1 << (i + 1));
            backslashes &= backslashes - 1;
        }
        let quotes = m.quote & !escaped;
        // Bit set: inside a string, its opening quote included, its closing quote not.
        let mut inside = prefix_xor(quotes);
        if self.in_string {
            inside = !inside;
        }
        let last = 1u64 << (n - 1);
        if self.depth == 0 {
            let closing = quotes & !inside;
            if closing != 0 {
                return Some(closing.trailing_zeros() as usize + 1);
            }
            self.in_string = inside & last != 0;
            return None;
        }
        let valid = if n == 64 { !0 } else { (1u64 << n) - 1 };
        let opens = m.open & !inside & !escaped & valid;
        let closes = m.close & !inside & !escaped & valid;
        if (closes.count_ones() as usize) < self.depth {
            self.depth += opens.count_ones() as usize;
            self.depth -= closes.count_ones() as usize;
            self.in_string = inside & last != 0;
            return None;
        }
        let mut marks = opens | closes;
        while marks != 0 {
            let i = marks.trailing_zeros() as usize;
            if opens & (1 << i) != 0 {
                self.depth += 1;
            } else {
                self.depth -= 1;
                if self.depth == 0 {
                    return Some(i + 1);
                }
            }
            marks &= marks - 1;
        }
        self.in_string = inside & last != 0;
        None
    }
}

/// Bit `i` of each mask stands for byte `i` of a block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    quote: u64,
    backslash: u64,
    open: u64,
    close: u64,
}

impl Masks {
    fn of(block: &[u8; 64]) -> Masks {
        use wide::u8x16;
        let mut m = Masks::default();
        // `[` and `{` differ only in bit 0x20, as do `]` and `}`.
        let case = u8x16::splat(0x20);
        for (k, bytes) in block.chunks_exact(16).enumerate() {
            let v = u8x16::new(bytes.try_into().unwrap_or([0; 16]));
            let folded = v | case;
            let bits = |x: u8x16, byte: u8| u64::from(x.simd_eq(u8x16::splat(byte)).to_bitmask());
            let shift = 16 * k;
            m.quote |= bits(v, b'"') << shift;
            m.backslash |= bits(v, b'\\') << shift;
            m.open |= bits(folded, b'{') << shift;
            m.close |= bits(folded, b'}') << shift;
        }
        m
    }
}

/// Bit `i` of the result: the XOR of bits `0..=i` of `x`.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time scan this module replaces: the reference. It honours backslashes
    /// only inside strings; the block scan honours them anywhere, which differs only on text
    /// that is not JSON (serde_json rejects a backslash outside a string), so the random text
    /// below is compared with `anywhere` set.
    fn reference_with(
        bytes: &[u8],
        mut depth: usize,
        mut in_string: bool,
        anywhere: bool,
    ) -> Option<usize> {
        let mut escaped = false;
        for (i, &b) in bytes.iter().enumerate() {
            if anywhere && !in_string {
                if escaped {
                    escaped = false;
                    continue;
                }
                if b == b'\\' {
                    escaped = true;
                    continue;
                }
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn reference(bytes: &[u8], depth: usize, in_string: bool) -> Option<usize> {
        reference_with(bytes, depth, in_string, false)
    }

    #[test]
    fn masks_mark_exactly_the_bytes() {
        let mut block = [0u8; 64];
        for (i, b) in block.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(37).wrapping_add(0x55);
        }
        block[3] = b'"';
        block[17] = b'\\';
        block[40] = b'[';
        block[63] = b'}';
        block[0] = b']';
        let m = Masks::of(&block);
        let expect = |pred: &dyn Fn(u8) -> bool| {
            block
                .iter()
                .enumerate()
                .filter(|(_, b)| pred(**b))
                .fold(0u64, |acc, (i, _)| acc | 1 << i)
        };
        assert_eq!(m.quote, expect(&|b| b == b'"'));
        assert_eq!(m.backslash, expect(&|b| b == b'\\'));
        assert_eq!(m.open, expect(&|b| b == b'{' || b == b'['));
        assert_eq!(m.close, expect(&|b| b == b'}' || b == b']'));
        // Every byte value, at every position of a block (the other bytes a space).
        for v in 0..=255u8 {
            for at in 0..64 {
                let mut block = [b' '; 64];
                block[at] = v;
                let m = Masks::of(&block);
                let bit = |yes: bool| if yes { 1u64 << at } else { 0 };
                assert_eq!(m.quote, bit(v == b'"'), "{v} at {at}");
                assert_eq!(m.backslash, bit(v == b'\\'), "{v} at {at}");
                assert_eq!(m.open, bit(v == b'{' || v == b'['), "{v} at {at}");
                assert_eq!(m.close, bit(v == b'}' || v == b']'), "{v} at {at}");
            }
        }
    }

    /// Values with strings, escapes (runs of backslashes, escaped quotes) and nesting, fed in
    /// pieces of every size: the end is where the byte-at-a-time scan finds it.
    #[test]
    fn finds_the_end_the_reference_finds() {
        let pieces = [
            r#"{"a":"x\"}]","b":[1,{"c":null}],"d":"\\\\","e":"\\\"}"}"#,
            r#"["\\", "}", {"k": "v\\\\\"]"}, [[[]]], "tail"]"#,
            r#"{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"x\":\"a\\\\\"}\n"}}}"#,
        ];
        for first in pieces {
            for second in pieces {
                // A value, then more text that must not be reached.
                let text = format!("{}{}, {second}", &first[..1], &first[1..]);
                let (depth, in_string) = (1, false);
                let body = &text.as_bytes()[1..];
                let want = reference(body, depth, in_string);
                assert_eq!(want, Some(first.len() - 1), "{first}");
                for size in [1, 2, 3, 7, 8, 31, 63, 64, 65, 200] {
                    let mut scan = ValueEnd::container();
                    let mut base = 0;
                    let mut got = None;
                    for part in body.chunks(size) {
                        if let Some(at) = scan.find(part) {
                            got = Some(base + at);
                            break;
                        }
                        base += part.len();
                    }
                    assert_eq!(got, want, "{first} in pieces of {size}");
                }
            }
        }
        // A lone string, with escapes across every block boundary.
        for pad in 0..130 {
            let text = format!("{}\\\\\\\"x\" tail\"", "a".repeat(pad));
            let want = reference(text.as_bytes(), 0, true);
            assert_eq!(want, Some(pad + 6));
            for size in [1, 5, 64, 1000] {
                let mut scan = ValueEnd::string();
                let mut base = 0;
                let mut got = None;
                for part in text.as_bytes().chunks(size) {
                    if let Some(at) = scan.find(part) {
                        got = Some(base + at);
                        break;
                    }
                    base += part.len();
                }
                assert_eq!(got, want, "pad {pad} size {size}");
            }
        }
    }

    #[test]
    fn agrees_with_the_reference_on_pseudo_random_text() {
        // The same bytes every run.
        let mut rng = crate::testing::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let alphabet = b"\"\\{}[]a ,:";
        for round in 0..3000 {
            let len = 1 + (round % 300);
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            for (depth, in_string, start) in [
                (1, false, ValueEnd::container()),
                (0, true, ValueEnd::string()),
            ] {
                let want = reference_with(&text, depth, in_string, true);
                for size in [1, 13, 64, 4096] {
                    let mut scan = start;
                    let mut base = 0;
                    let mut got = None;
                    for part in text.chunks(size) {
                        if let Some(at) = scan.find(part) {
                            got = Some(base + at);
                            break;
                        }
                        base += part.len();
                    }
                    assert_eq!(
                        got,
                        want,
                        "round {round} size {size}: {}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
    }
}
