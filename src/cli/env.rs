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
    /// `KUBECONFIG` (a list of paths, like `PATH`).
    pub kubeconfig: Option<std::ffi::OsString>,
    /// The home directory (`~/.kube/config` lives there).
    pub home: Option<std::path::PathBuf>,
    /// Cores this process may use (diagnose spreads Services over them).
    pub cores: usize,
    /// When the command runs, UTC, RFC 3339 (for reports): `SOURCE_DATE_EPOCH` when set (the
    /// reproducible-builds convention, so tests and regenerated docs are stable), else now.
    pub now: String,
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
            kubeconfig: std::env::var_os("KUBECONFIG"),
            home: std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .filter(|h| !h.is_empty())
                .map(std::path::PathBuf::from),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            now: now_utc(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()),
        }
    }

    /// Where the kubeconfig comes from: `--kubeconfig`, else the `KUBECONFIG` list (empty
    /// entries ignored, as client-go does), else `~/.kube/config`.
    pub fn kubeconfig_location(
        &self,
        flag: Option<&std::path::Path>,
    ) -> crate::source::live::KubeconfigLocation {
        use crate::source::live::KubeconfigLocation;
        if let Some(path) = flag {
            return KubeconfigLocation::Explicit(path.to_path_buf());
        }
        let listed: Vec<std::path::PathBuf> = self
            .kubeconfig
            .as_ref()
            .map(|v| {
                std::env::split_paths(v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if !listed.is_empty() {
            return KubeconfigLocation::Merged(listed);
        }
        KubeconfigLocation::Default(self.home.as_ref().map(|h| h.join(".kube").join("config")))
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

    /// The time now (the watch stamps what it receives with it).
    pub fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// `2026-12-02T18:30:00Z`: `epoch` (seconds) when it parses, else the clock.
fn now_utc(epoch: Option<&str>) -> String {
    use k8s_openapi::jiff::Timestamp;
    let ts = epoch
        .and_then(|e| e.trim().parse::<i64>().ok())
        .and_then(|e| Timestamp::from_second(e).ok())
        .unwrap_or_else(Timestamp::now);
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn source_date_epoch_wins() {
        assert_eq!(super::now_utc(Some("1700000000")), "2023-11-14T22:13:20Z");
        assert!(super::now_utc(Some("x")).ends_with('Z'));
    }
}
