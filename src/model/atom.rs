//! The type of the model's texts that many objects repeat: kept once per process.

use super::text::Str;
use std::borrow::{Borrow, Cow};
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{LazyLock, Mutex, PoisonError};

/// A text that many objects of a cluster share, held once and referred to by one pointer: a
/// namespace, a node name, a zone, a label key, a `targetRef`'s kind. A 150k-pod dump repeats
/// a few hundred such texts millions of times; as 24-byte [`Str`]s they were ~45 MB of its
/// ~230 MB peak, and every page of that peak costs a page fault (docs/performance.md, "lean
/// model"). An `Atom` is 8 bytes (`Option<Atom>` too), compared by pointer.
///
/// Only for texts of few distinct values: each distinct text is kept until the process ends
/// (a long `explain -w` keeps one copy of each namespace, node and key it ever saw). Endpoint
/// hostnames, one per StatefulSet pod, are the largest such set; names of pods, IPs, uids and
/// label values stay [`Str`].
#[derive(Clone, Copy)]
pub struct Atom(&'static String);

/// The empty text, without a table lookup (and the `Default`).
static EMPTY: String = String::new();

/// Every text interned by any thread. Threads keep their own map in front of it
/// ([`LOCAL`]), so the lock is taken once per distinct text and thread.
static GLOBAL: LazyLock<
    Mutex<HashMap<&'static str, &'static String, foldhash::fast::RandomState>>,
> = LazyLock::new(Default::default);

thread_local! {
    /// This thread's texts: readers on several threads intern without contending.
    static LOCAL: RefCell<HashMap<&'static str, Atom, foldhash::fast::FixedState>> =
        const { RefCell::new(HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0x5ca1ab1e))) };
    /// The atoms last asked for, by a cheap hash of their last bytes and length: a namespace,
    /// a kind or a label key comes again and again, and is found here without hashing it
    /// whole (half of what interning cost).
    static RECENT: [Cell<Option<Atom>>; RECENT_SLOTS] = const { [const { Cell::new(None) }; RECENT_SLOTS] };
}

/// Slots of [`RECENT`] (a power of two).
const RECENT_SLOTS: usize = 256;

/// The [`RECENT`] slot of `text`: its last (up to) eight bytes and its length, mixed.
fn recent_slot(text: &[u8]) -> usize {
    let n = text.len();
    let tail = match text.get(n.saturating_sub(8)..).map(<[u8; 8]>::try_from) {
        Some(Ok(last)) => u64::from_le_bytes(last),
        _ => text.iter().fold(0u64, |w, &b| w << 8 | u64::from(b)),
    };
    let mixed = (tail ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> 56) as usize % RECENT_SLOTS
}

impl Atom {
    /// The atom of `text`: the same pointer for the same text, in every thread.
    pub fn new(text: &str) -> Atom {
        if text.is_empty() {
            return Atom(&EMPTY);
        }
        let slot = recent_slot(text.as_bytes());
        if let Some(atom) = RECENT.with(|recent| recent[slot].get())
            && atom.as_str() == text
        {
            return atom;
        }
        let atom = LOCAL.with(|local| {
            if let Some(atom) = local.borrow().get(text) {
                return *atom;
            }
            let atom = Atom::shared(text);
            local.borrow_mut().insert(atom.0.as_str(), atom);
            atom
        });
        RECENT.with(|recent| recent[slot].set(Some(atom)));
        atom
    }

    /// The atom of `text` in the process-wide table, added when new.
    fn shared(text: &str) -> Atom {
        let mut table = GLOBAL.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = table.get(text) {
            return Atom(kept);
        }
        let kept: &'static String = Box::leak(Box::new(text.to_owned()));
        table.insert(kept.as_str(), kept);
        Atom(kept)
    }

    /// The text.
    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }
}

impl Default for Atom {
    fn default() -> Atom {
        Atom(&EMPTY)
    }
}

impl Deref for Atom {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Atom {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Atom {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

// One pointer per distinct text, so the same text is the same pointer.
impl PartialEq for Atom {
    fn eq(&self, other: &Atom) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Atom {}

// As `str` hashes and orders, so that maps keyed by atoms can be searched with a `&str`.
impl Hash for Atom {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Ord for Atom {
    fn cmp(&self, other: &Atom) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Atom {
    fn partial_cmp(&self, other: &Atom) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// `From` each text type the model is built from.
macro_rules! atom_from {
    ($($text:ty),*) => {$(
        impl From<$text> for Atom {
            fn from(text: $text) -> Atom {
                Atom::new(&text)
            }
        }
    )*};
}

atom_from!(&str, &String, String, Str);

impl From<Atom> for Str {
    fn from(atom: Atom) -> Str {
        Str::from(atom.as_str())
    }
}

impl From<Atom> for String {
    fn from(atom: Atom) -> String {
        atom.as_str().to_owned()
    }
}

impl PartialEq<&str> for Atom {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Atom {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Str> for Atom {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Atom> for str {
    fn eq(&self, other: &Atom) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Atom> for &str {
    fn eq(&self, other: &Atom) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Atom> for String {
    fn eq(&self, other: &Atom) -> bool {
        self == other.as_str()
    }
}

impl serde::Serialize for Atom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Atom {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Atom, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Atom::new(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_atom_in_every_thread() {
        let here = Atom::new("kube-system");
        let there = std::thread::spawn(|| Atom::new("kube-system"))
            .join()
            .expect("thread");
        assert!(std::ptr::eq(here.as_str(), there.as_str()));
        assert_eq!(here, there);
        assert_ne!(here, Atom::new("kube-public"));
        assert_eq!(Atom::new(""), Atom::default());
        assert_eq!(std::mem::size_of::<Option<Atom>>(), 8);
    }

    #[test]
    fn texts_sharing_a_recent_slot_stay_apart() {
        // 2,000 texts over 256 slots: most slots are shared, and each text must still come
        // back as itself, the same atom as before.
        let texts: Vec<String> = (0..2000).map(|i| format!("node-{i:04}")).collect();
        let first: Vec<Atom> = texts.iter().map(Atom::from).collect();
        for (text, atom) in texts.iter().zip(&first).rev() {
            let again = Atom::new(text);
            assert_eq!(again.as_str(), text);
            assert_eq!(again, *atom);
        }
        let short = [
            "a",
            "b",
            "ab",
            "ba",
            "\u{e9}",
            "abcdefgh",
            "xbcdefgh",
            "abcdefghi",
        ];
        for t in short {
            assert_eq!(Atom::new(t).as_str(), t);
        }
        assert_ne!(Atom::new("abcdefgh"), Atom::new("abcdefghi"));
    }

    #[test]
    fn orders_hashes_and_prints_as_its_text() {
        let mut atoms = vec![Atom::new("b"), Atom::new("a"), Atom::new("c")];
        atoms.sort();
        assert_eq!(atoms, ["a", "b", "c"].map(Atom::new));
        let map: HashMap<Atom, u8> = [(Atom::new("zone"), 1)].into_iter().collect();
        assert_eq!(map.get("zone"), Some(&1));
        assert_eq!(
            format!("{:?} {}", Atom::new("x\"y"), Atom::new("x\"y")),
            "\"x\\\"y\" x\"y"
        );
        assert_eq!(serde_json::to_string(&Atom::new("a")).unwrap(), "\"a\"");
        let back: Atom = serde_json::from_str("\"a\\u0062\"").unwrap();
        assert_eq!(back, Atom::new("ab"));
    }
}
