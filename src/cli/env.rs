//! The only reader of the environment and the terminal.

use crate::render::{ColorChoice, Styles, Ui, color_enabled};
use std::io::IsTerminal;

/// What the process learned about its surroundings at start-up.
#[derive(Debug, Clone)]
pub struct Env {
    /// `NO_COLOR`.
    pub no_color: Option<String>,
    /// `TERM`.
    pub term: Option<String>,
    /// stdout is a terminal.
    pub stdout_tty: bool,
    /// stderr is a terminal.
    pub stderr_tty: bool,
    /// The terminal's width, when stdout is one.
    pub width: Option<u16>,
}

impl Env {
    /// Senses the real environment.
    pub fn sense() -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        Env {
            no_color: std::env::var("NO_COLOR").ok(),
            term: std::env::var("TERM").ok(),
            stdout_tty,
            stderr_tty: std::io::stderr().is_terminal(),
            width: if stdout_tty {
                terminal_size::terminal_size().map(|(w, _)| w.0)
            } else {
                None
            },
        }
    }

    /// The renderer settings for `--color` and `--width`.
    pub fn ui(&self, color: ColorChoice, width: Option<u16>) -> Ui {
        let colored = color_enabled(
            color,
            self.no_color.as_deref(),
            self.term.as_deref(),
            self.stdout_tty,
        );
        Ui {
            styles: if colored {
                Styles::colored()
            } else {
                Styles::default()
            },
            width: width.or(self.width),
        }
    }
}
