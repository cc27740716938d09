//! Messages on stderr: `warning: ...` lines and `-v` notes (results go to stdout).

use std::fmt::Display;
use std::io::Write;

/// Prints `warning: MSG` on stderr.
pub(crate) fn warning(msg: impl Display) {
    let _ = writeln!(std::io::stderr(), "warning: {msg}");
}

/// Prints a `-v` note on stderr.
pub(crate) fn note(msg: impl Display) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}
