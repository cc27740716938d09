//! A strict JSON reader for the hand-written decoders of the kinds a big dump is made of
//! (`convert::pod_decode`). It reads one value from text already known to be UTF-8, borrowing
//! strings from it, and answers `None` — "not the common case" — at anything a serde-derived
//! struct might read differently: a repeated field, an escape that makes a surrogate, a number
//! that is not a plain integer, a type the decoder does not expect, very deep nesting, or text
//! that is not JSON at all. The caller then reads the object with serde as before, which gives
//! the same result or the same error; so the reader may refuse more than serde, never less.
//!
//! Why: serde's derive machinery (a visitor per field, `Option` wrappers, keys parsed into
//! strings and matched one by one) was about half of the CPU time of a 150k-pod diagnose
//! (docs/performance.md, "Where the rest goes").

use std::borrow::Cow;

/// Values skipped nested deeper than this are left to serde (its own limit is 128, counting
/// every level). Only `skip` counts: the decoders' own fields nest a few levels at most, each a
/// function of its own, so the whole stays well within serde's limit without counting on
/// every object and array of the common case (~1% of the instructions of reading a dump).
const MAX_DEPTH: u32 = 100;

/// A position in one JSON value's text.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl<'a> Cursor<'a> {
    /// Reads all of `text` as one value with `read`; only whitespace may surround it.
    pub(crate) fn whole<T>(
        text: &'a str,
        read: impl FnOnce(&mut Cursor<'a>) -> Option<T>,
    ) -> Option<T> {
        let mut cursor = Cursor {
            text,
            at: 0,
            depth: 0,
        };
        let value = read(&mut cursor)?;
        match cursor.peek() {
            None => Some(value),
            Some(_) => None,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace (JSON's four), not taken; `None` at the end.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        // Compact JSON has no whitespace between tokens: the next byte is the answer and the
        // position stays. (Every token is peeked at once or twice; storing the position again
        // each time was ~5% of the instructions of a 15k-pod diagnose.)
        let b = *self.bytes().get(self.at)?;
        if b > b' ' {
            return Some(b);
        }
        self.peek_after(self.at)
    }

    /// `peek` from `at` on, over whitespace.
    #[inline]
    fn peek_after(&mut self, mut at: usize) -> Option<u8> {
        let bytes = self.bytes();
        loop {
            let b = *bytes.get(at)?;
            // Everything JSON starts a token with is above the space.
            if b > b' ' || !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.at = at;
                return Some(b);
            }
            at += 1;
        }
    }

    #[inline]
    fn take(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes().get(self.at..end)? == word).then(|| self.at = end)
    }

    /// Whether a string comes next (nothing taken).
    pub(crate) fn peek_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Takes a `null` if one comes next: whether it did.
    #[inline]
    pub(crate) fn null(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            self.word(b"null")?;
            return Some(true);
        }
        Some(false)
    }

    /// `null` as `None`, anything else read by `read` (serde's `Option<T>`).
    #[inline]
    pub(crate) fn opt<T>(
        &mut self,
        read: impl FnOnce(&mut Cursor<'a>) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.null()? {
            return Some(None);
        }
        read(self).map(Some)
    }

    /// An object: `field` reads the value of each key.
    pub(crate) fn object(
        &mut self,
        mut field: impl FnMut(&mut Cursor<'a>, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.members(|c| {
            let key = c.key()?;
            c.take(b':')?;
            field(c, key)
        })
    }

    /// An object read as a struct: `field` reads the value of each key, given as bytes
    /// (`fields!` matches them a word at a time). A plain key is passed as it is written, in
    /// two registers (~5% fewer instructions of reading a big dump than a `Cow`); one with an
    /// escape is unescaped first.
    #[inline]
    pub(crate) fn record(
        &mut self,
        mut field: impl FnMut(&mut Cursor<'a>, &[u8]) -> Option<()>,
    ) -> Option<()> {
        self.members(|c| {
            let escaped: String;
            let key = match c.plain_key() {
                Some(plain) => plain,
                None => {
                    escaped = c.key()?.into_owned();
                    escaped.as_bytes()
                }
            };
            c.take(b':')?;
            field(c, key)
        })
    }

    /// An object's braces and commas: `member` reads each key, its colon and its value.
    #[inline]
    fn members(&mut self, mut member: impl FnMut(&mut Cursor<'a>) -> Option<()>) -> Option<()> {
        self.take(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                member(self)?;
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        Some(())
    }

    /// An array: `element` reads each element.
    pub(crate) fn array(
        &mut self,
        mut element: impl FnMut(&mut Cursor<'a>) -> Option<()>,
    ) -> Option<()> {
        self.take(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                element(self)?;
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        Some(())
    }

    /// An array of values read by `read`, collected. The first element gets room for itself
    /// alone: most arrays of a pod hold one (a container, a port, an IP), and a `Vec` grown to
    /// four and shrunk to fit for the model cost a `realloc` each (~3% of reading a 150k-pod
    /// dump).
    pub(crate) fn vec<T>(
        &mut self,
        read: impl FnMut(&mut Cursor<'a>) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.collect(read, |_, _| 1)
    }

    /// As [`vec`](Cursor::vec), for the long arrays of big elements (a slice's endpoints, an
    /// Endpoints' addresses): after the first element, room for as many as the rest of the
    /// text would hold at its size, then shrunk to fit (in place when the size class stays).
    /// Grown one push at a time, a list of 15 endpoints was copied at 1, 4 and 8.
    pub(crate) fn vec_sized_by_first<T>(
        &mut self,
        read: impl FnMut(&mut Cursor<'a>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut out = self.collect(read, |c, size| {
            ((c.text.len() - c.at) / size.max(1)).min(1024) + 1
        })?;
        if out.len() < out.capacity() {
            out.shrink_to_fit();
        }
        Some(out)
    }

    /// The elements of an array read by `read`, with room for `room(cursor after the first,
    /// its size in bytes)` elements made once the first is read.
    #[inline(always)]
    fn collect<T>(
        &mut self,
        mut read: impl FnMut(&mut Cursor<'a>) -> Option<T>,
        room: impl Fn(&Cursor<'a>, usize) -> usize,
    ) -> Option<Vec<T>> {
        let mut out = Vec::new();
        self.array(|c| {
            let start = c.at;
            let element = read(c)?;
            if out.capacity() == 0 {
                out.reserve_exact(room(c, c.at - start));
            }
            out.push(element);
            Some(())
        })?;
        Some(out)
    }

    /// A key, unescaped (serde matches field names after unescaping too).
    #[inline]
    fn key(&mut self) -> Option<Cow<'a, str>> {
        self.str()
    }

    /// A key without escapes, as written; `None`, with nothing taken, for one with an
    /// escape (or no string at all).
    #[inline(always)]
    fn plain_key(&mut self) -> Option<&'a [u8]> {
        let before = self.at;
        self.take(b'"')?;
        let start = self.at;
        let bytes = self.bytes();
        match self.string_end() {
            Some(end) if bytes[end] == b'"' => {
                self.at = end + 1;
                Some(&bytes[start..end])
            }
            _ => {
                self.at = before;
                None
            }
        }
    }

    /// The first `"`, `\` or control character at or after the cursor (a control character
    /// is refused by the caller: JSON does not allow one raw in a string).
    #[inline(always)]
    fn string_end(&self) -> Option<usize> {
        use wide::u8x16;
        let bytes = self.bytes();
        let mut i = self.at;
        // Sixteen bytes at a time (`json_blocks` says why `wide`).
        while let Some(chunk) = bytes.get(i..i + 16) {
            let v = u8x16::new(chunk.try_into().ok()?);
            let control = v.min(u8x16::splat(0x1f)).simd_eq(v);
            let found = (v.simd_eq(u8x16::splat(b'"')) | v.simd_eq(u8x16::splat(b'\\')) | control)
                .to_bitmask();
            if found != 0 {
                let at = i + found.trailing_zeros() as usize;
                return (bytes[at] >= 0x20).then_some(at);
            }
            i += 16;
        }
        let at = i + bytes[i..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        (bytes[at] >= 0x20).then_some(at)
    }

    /// A string, borrowed when it has no escape.
    #[inline(always)]
    pub(crate) fn str(&mut self) -> Option<Cow<'a, str>> {
        self.take(b'"')?;
        let start = self.at;
        let end = self.string_end()?;
        if self.bytes()[end] == b'"' {
            self.at = end + 1;
            return Some(Cow::Borrowed(self.text.get(start..end)?));
        }
        self.escaped(start, end)
    }

    /// The rest of a string with an escape at `end`, unescaped.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize, end: usize) -> Option<Cow<'a, str>> {
        let mut out = String::from(&self.text[start..end]);
        self.at = end;
        loop {
            let end = self.string_end()?;
            out.push_str(&self.text[self.at..end]);
            self.at = end + 1;
            if self.bytes()[end] == b'"' {
                return Some(Cow::Owned(out));
            }
            out.push(self.escape()?);
        }
    }

    /// The character of the escape after a `\`; a `\u` of a surrogate (half of a pair, or
    /// alone, which serde refuses) is left to serde.
    fn escape(&mut self) -> Option<char> {
        let b = *self.bytes().get(self.at)?;
        self.at += 1;
        Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => char::from_u32(self.hex4()?)?,
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' => self.word(b"true").map(|()| true),
            b'f' => self.word(b"false").map(|()| false),
            _ => None,
        }
    }

    /// A plain integer in `i32`'s range (no fraction or exponent: serde refuses those for an
    /// integer field).
    pub(crate) fn i32(&mut self) -> Option<i32> {
        self.peek()?;
        let start = self.at;
        self.number()?;
        let text = &self.text[start..self.at];
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) || text == "-0" {
            return None;
        }
        text.parse().ok()
    }

    /// A number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let bytes = self.bytes();
        let digits = |at: &mut usize| {
            let start = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > start
        };
        let mut at = self.at;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match bytes.get(at)? {
            b'0' => at += 1,
            b'1'..=b'9' => {
                digits(&mut at);
            }
            _ => return None,
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            digits(&mut at).then_some(())?;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            digits(&mut at).then_some(())?;
        }
        self.at = at;
        Some(())
    }

    /// Any value, checked and passed over.
    pub(crate) fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            open @ (b'{' | b'[') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let skipped = if open == b'{' {
                    // Keys as `record` reads them: a plain one is not made into a `str`.
                    self.record(|c, _| c.skip())
                } else {
                    self.array(Cursor::skip)
                };
                self.depth -= 1;
                skipped
            }
            b'"' => {
                self.at += 1;
                loop {
                    let end = self.string_end()?;
                    self.at = end + 1;
                    if self.bytes()[end] == b'"' {
                        return Some(());
                    }
                    // Serde checks a skipped `\u` for four hex digits only.
                    match self.bytes().get(self.at)? {
                        b'u' => {
                            self.at += 1;
                            self.hex4()?;
                        }
                        _ => {
                            self.escape()?;
                        }
                    }
                }
            }
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            _ => self.number(),
        }
    }
}

/// Whether `key` is `name`, compared a machine word at a time: `fields!` inlines it with `name`
/// a constant, so the lengths fold away and no `memcmp` is called (matching keys as `&str`
/// called it once per candidate of the same length, ~4% of reading a big dump).
#[inline(always)]
pub(crate) fn is(key: &[u8], name: &str) -> bool {
    let name = name.as_bytes();
    let n = name.len();
    if key.len() != n {
        return false;
    }
    fn word<const W: usize>(s: &[u8], at: usize) -> [u8; W] {
        let mut w = [0; W];
        w.copy_from_slice(&s[at..at + W]);
        w
    }
    match n {
        // Into one word: `==` on slices this short called `memcmp`.
        0..=3 => {
            let (mut k, mut c) = ([0u8; 4], [0u8; 4]);
            k[..n].copy_from_slice(key);
            c[..n].copy_from_slice(name);
            k == c
        }
        4..=7 => {
            word::<4>(key, 0) == word::<4>(name, 0)
                && word::<4>(key, n - 4) == word::<4>(name, n - 4)
        }
        _ => {
            let mut at = 0;
            while at + 8 < n {
                if word::<8>(key, at) != word::<8>(name, at) {
                    return false;
                }
                at += 8;
            }
            word::<8>(key, n - 8) == word::<8>(name, n - 8)
        }
    }
}

/// Reads an object as a struct (serde's derived `Deserialize`): each listed field by its
/// expression, at most once (a repeated one is left to serde: `Seen`), any other key checked
/// and passed over (`IgnoredAny`). `fields!(c { "name" => expr, ... })`; `c` is the cursor,
/// and names the cursor inside each expression.
macro_rules! fields {
    ($c:ident { $($name:literal => $read:expr),+ $(,)? }) => {{
        let mut seen = $crate::source::json_cursor::Seen::default();
        $c.record(|$c, key| {
            let mut bit = 0;
            $(
                if $crate::source::json_cursor::is(key, $name) {
                    seen.first(bit)?;
                    $read;
                    return Some(());
                }
                bit += 1;
            )+
            let _ = bit;
            $c.skip()
        })
    }};
}
pub(crate) use fields;

/// Fields seen in one object, to leave a repeated one to serde (a derived struct refuses it;
/// the reader that then takes over keeps the last, as Go's encoding/json does).
#[derive(Default)]
pub(crate) struct Seen(u32);

impl Seen {
    /// Marks field `bit`; `None` when it was already seen.
    pub(crate) fn first(&mut self, bit: u32) -> Option<()> {
        let mask = 1 << bit;
        if self.0 & mask != 0 {
            return None;
        }
        self.0 |= mask;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(text: &str) -> bool {
        Cursor::whole(text, Cursor::skip).is_some()
    }

    #[test]
    fn valid_json_is_skipped_and_invalid_json_is_not() {
        for ok in [
            r#"{"a": [1, -2.5e+3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud800"], "b": {}}"#,
            "[]",
            " 0 ",
            r#""héllo""#,
            "-0.0E-1",
        ] {
            assert!(skips(ok), "{ok}");
        }
        for bad in [
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "tru",
            "nul",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "{\"a\":1,}",
            "1 2",
            "\"abc",
            "[1 2]",
            "{1:2}",
            ".5",
            "+1",
        ] {
            assert!(!skips(bad), "{bad}");
            // serde refuses it too: the reader never takes what serde would not.
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(bad).is_err(),
                "{bad}"
            );
        }
    }

    /// Lists sized by their first element read what `vec` reads, into exactly their number,
    /// whatever follows the array.
    #[test]
    fn lists_sized_by_their_first_element_fit() {
        for n in [0, 1, 2, 15, 40, 3000] {
            let items: Vec<String> = (0..n).map(|i| format!("{{\"a\": {}}}", i * 7)).collect();
            for after in [
                "",
                r#", "b": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]"#,
            ] {
                let text = format!("{{\"x\": [{}]{after}}}", items.join(", "));
                let read = |c: &mut Cursor<'_>| {
                    let mut a = None;
                    c.object(|c, _| {
                        a = Some(c.i32()?);
                        Some(())
                    })?;
                    a
                };
                let (mut sized, mut plain) = (None, None);
                Cursor::whole(&text, |c| {
                    c.object(|c, key| match &*key {
                        "x" => {
                            let start = c.at;
                            sized = Some(c.vec_sized_by_first(read)?);
                            c.at = start;
                            plain = Some(c.vec(read)?);
                            Some(())
                        }
                        _ => c.skip(),
                    })
                })
                .expect("read");
                let sized = sized.expect("the list");
                assert_eq!(Some(&sized), plain.as_ref(), "{text}");
                assert_eq!(sized.len(), n);
                assert_eq!(sized.capacity(), n, "{text}");
            }
        }
    }

    /// Random texts of JSON's tokens: what `skip` passes over, serde's `IgnoredAny` takes too
    /// (`skip` may refuse more: a lone surrogate escape in a key, which serde does not check in
    /// a value it ignores; the reader then leaves the object to serde).
    #[test]
    fn skipping_agrees_with_serde_on_random_texts() {
        const PIECES: [&str; 22] = [
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"a\"",
            "\"\\u12ab\"",
            "\"\\ud800\"",
            "\\",
            " ",
            "\n",
            "0",
            "12",
            "-",
            ".5",
            "e3",
            "true",
            "null",
            "fals",
            "{\"k\":",
        ];
        let mut random = crate::testing::Xorshift::new(0x2545_f491_4f6c_dd1d);
        let mut next = |bound: usize| random.below(bound);
        let (mut taken, mut both) = (0, 0);
        for _ in 0..40_000 {
            let text: String = (0..1 + next(12))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            let ours = skips(&text);
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
            assert!(!ours || serde, "{text}");
            assert!(ours || !serde || text.contains("ud800"), "{text}");
            taken += usize::from(ours);
            both += 1;
        }
        assert!(taken > both / 50, "{taken} of {both} texts are values");
        // Nesting up to the reader's limit, and one past it (serde's own limit is deeper).
        let nested = |n: usize| format!("{}1{}", "[{\"a\":".repeat(n / 2), "}]".repeat(n / 2));
        assert!(skips(&nested(100)));
        assert!(!skips(&nested(102)));
    }

    /// Every byte value at every position, in and past the sixteen-byte steps: the scan stops
    /// where a byte-at-a-time look stops.
    #[test]
    fn string_ends_are_found_exactly() {
        for v in 0..=127u8 {
            for at in 0..40 {
                let mut text = "a".repeat(40);
                text.replace_range(at..at + 1, &char::from(v).to_string());
                let cursor = Cursor {
                    text: &text,
                    at: 0,
                    depth: 0,
                };
                let want = text
                    .bytes()
                    .position(|b| b == b'"' || b == b'\\' || b < 0x20)
                    .filter(|&i| text.as_bytes()[i] >= 0x20);
                let stops = v == b'"' || v == b'\\' || v < 0x20;
                assert_eq!(cursor.string_end(), want, "{v} at {at}");
                assert_eq!(want.is_some(), stops && v >= 0x20);
            }
        }
        // Bytes of multi-byte characters (0x80 and up) never stop it.
        let text = format!("{}\"", "\u{e9}\u{20ac}\u{1f600}".repeat(5));
        let cursor = Cursor {
            text: &text,
            at: 0,
            depth: 0,
        };
        assert_eq!(cursor.string_end(), Some(text.len() - 1));
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let read = |t| Cursor::whole(t, |c| c.str().map(Cow::into_owned));
        assert!(matches!(
            Cursor::whole(r#""plain text, long enough""#, Cursor::str),
            Some(Cow::Borrowed("plain text, long enough"))
        ));
        assert_eq!(read(r#""a\"b\u00e9\n""#).as_deref(), Some("a\"bé\n"));
        // Surrogates, even a valid pair, are left to serde.
        assert_eq!(read(r#""\ud83d\ude00""#), None);
        assert_eq!(read("\"tab\there\""), None);
    }

    #[test]
    fn integers_are_plain_and_in_range() {
        let read = |t| Cursor::whole(t, Cursor::i32);
        assert_eq!(read("8080"), Some(8080));
        assert_eq!(read("-2147483648"), Some(i32::MIN));
        for not in ["2147483648", "80.0", "8e1", "-0", "08", "\"80\""] {
            assert_eq!(read(not), None, "{not}");
        }
    }

    #[test]
    fn deep_nesting_is_left_to_serde() {
        let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
        assert!(!skips(&deep));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(skips(&fine));
    }

    /// Keys differing from the name in any one byte, or in length, at every length the word
    /// comparison treats apart (short, one word, several and a partial last one).
    #[test]
    fn keys_match_names_exactly() {
        for n in 0..40 {
            let name: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(is(name.as_bytes(), &name), "{name}");
            for at in 0..n {
                let mut key = name.clone().into_bytes();
                key[at] = b'_';
                assert!(!is(&key, &name), "{n} {at}");
            }
            assert!(!is(format!("{name}x").as_bytes(), &name));
            if n > 0 {
                assert!(!is(&name.as_bytes()[1..], &name));
            }
        }
    }

    /// A struct read with `fields!`: listed fields once each, escaped keys matched after
    /// unescaping (as serde does), others passed over, a repeated field refused.
    #[test]
    fn fields_read_a_struct_as_serde_does() {
        let read = |text| {
            Cursor::whole(text, |c| {
                let (mut a, mut b) = (None, None);
                fields!(c {
                    "alpha" => a = Some(c.i32()?),
                    "a-longer-field-name" => b = Some(c.str()?.into_owned()),
                })?;
                Some((a, b))
            })
        };
        assert_eq!(
            read(r#"{"x": [1, {"alpha": 2}], "alph\u0061": 1, "a-longer-field-name": "v"}"#),
            Some((Some(1), Some("v".to_string())))
        );
        assert_eq!(read("{}"), Some((None, None)));
        assert_eq!(read(r#"{"alpha": 1, "alpha": 1}"#), None);
        assert_eq!(read(r#"{"alpha": 1, "alph\u0061": 1}"#), None);
        assert_eq!(read(r#"{"alpha" 1}"#), None);
        assert_eq!(read(r#"{"alpha": 1,}"#), None);
    }

    #[test]
    fn a_field_seen_twice_is_noticed() {
        let mut seen = Seen::default();
        assert_eq!(seen.first(3), Some(()));
        assert_eq!(seen.first(4), Some(()));
        assert_eq!(seen.first(3), None);
    }
}
