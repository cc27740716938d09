//! The colour decision, as a pure function (the CLI senses the environment and calls it).

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour on a terminal unless `NO_COLOR` or `TERM=dumb`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour: `always`/`never` win; `auto` needs a terminal, an empty or unset
/// `NO_COLOR` (<https://no-color.org>) and a `TERM` other than `dumb`.
pub fn color_enabled(
    choice: ColorChoice,
    no_color: Option<&str>,
    term: Option<&str>,
    is_tty: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_tty && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_table() {
        use ColorChoice::*;
        let cases = [
            (Auto, None, None, true, true),
            (Auto, None, None, false, false),
            (Auto, Some("1"), None, true, false),
            (Auto, Some(""), None, true, true),
            (Auto, None, Some("dumb"), true, false),
            (Auto, None, Some("xterm"), true, true),
            (Always, Some("1"), Some("dumb"), false, true),
            (Never, None, None, true, false),
        ];
        for (choice, nc, term, tty, want) in cases {
            assert_eq!(
                color_enabled(choice, nc, term, tty),
                want,
                "{choice:?} {nc:?} {term:?} {tty}"
            );
        }
    }
}
