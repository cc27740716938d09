//! Colour roles. `Styles::default()` is plain; `Styles::colored()` turns colour on.

use owo_colors::{OwoColorize, Style};
use std::fmt::Display;

/// What a piece of text means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Something broken.
    Error,
    /// Something suspicious.
    Warn,
    /// Something fine.
    Ok,
    /// Neutral information.
    Info,
    /// An object name or heading.
    Name,
    /// Less important text.
    Muted,
}

/// The stylesheet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Styles {
    colored: bool,
}

impl Styles {
    /// Colour on.
    pub fn colored() -> Self {
        Styles { colored: true }
    }

    /// Whether colour is on.
    pub fn is_colored(&self) -> bool {
        self.colored
    }

    /// `text` styled for `role` (unchanged when plain).
    pub fn paint(&self, role: Role, text: impl Display) -> String {
        if !self.colored {
            return text.to_string();
        }
        let style = match role {
            Role::Error => Style::new().red().bold(),
            Role::Warn => Style::new().yellow(),
            Role::Ok => Style::new().green(),
            Role::Info => Style::new().blue(),
            Role::Name => Style::new().bold(),
            Role::Muted => Style::new().dimmed(),
        };
        text.style(style).to_string()
    }

    /// The comfy-table colour for `role`, when coloured.
    pub(crate) fn cell_color(&self, role: Role) -> Option<comfy_table::Color> {
        if !self.colored {
            return None;
        }
        Some(match role {
            Role::Error => comfy_table::Color::Red,
            Role::Warn => comfy_table::Color::Yellow,
            Role::Ok => comfy_table::Color::Green,
            Role::Info => comfy_table::Color::Blue,
            Role::Name | Role::Muted => return None,
        })
    }
}

/// Everything a renderer needs to know about the terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    /// Colours.
    pub styles: Styles,
    /// Table width, when known (a terminal's width, or `--width`).
    pub width: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_styles_write_no_escape_bytes() {
        let s = Styles::default();
        for role in [
            Role::Error,
            Role::Warn,
            Role::Ok,
            Role::Info,
            Role::Name,
            Role::Muted,
        ] {
            assert!(!s.paint(role, "x").contains('\u{1b}'));
        }
        assert!(Styles::colored().paint(Role::Error, "x").contains('\u{1b}'));
    }
}
