//! The terminal view of `explain -w`: raw mode on the alternate screen, the explain view and the
//! newest transitions redrawn in place, `q`/`Esc`/Ctrl-C to quit. The terminal is restored on
//! quit, on error and on drop (crossterm, the usual crate for raw mode and cursor control).

use crate::analysis::Explanation;
use crate::analysis::watch::Transition;
use crate::render::{Ui, render_watch_screen};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, terminal};
use std::collections::VecDeque;
use std::io::{self, Write};
use std::time::Duration;
use tokio::sync::mpsc;

/// How many transitions are kept for scrolling into view.
const KEPT: usize = 1000;

/// An open terminal view.
pub(crate) struct Screen {
    ui: Ui,
    title: String,
    status: Option<String>,
    recent: VecDeque<Transition>,
    keys: Option<mpsc::UnboundedReceiver<()>>,
    open: bool,
}

impl Screen {
    /// Enters raw mode and the alternate screen; starts listening for the quit keys.
    pub(crate) fn open(ui: Ui, title: String) -> io::Result<Screen> {
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        let (tx, rx) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            while !tx.is_closed() {
                if !event::poll(Duration::from_millis(100)).unwrap_or(false) {
                    continue;
                }
                if let Ok(Event::Key(k)) = event::read() {
                    let ctrl_c =
                        k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
                    let quit = matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) || ctrl_c;
                    if k.kind == KeyEventKind::Press && quit {
                        let _ = tx.send(());
                        return;
                    }
                }
            }
        });
        Ok(Screen {
            ui,
            title,
            status: None,
            recent: VecDeque::new(),
            keys: Some(rx),
            open: true,
        })
    }

    /// Fires once when the user asks to quit.
    pub(crate) fn keys(&mut self) -> mpsc::UnboundedReceiver<()> {
        self.keys.take().expect("keys taken once")
    }

    /// Adds transitions to the list.
    pub(crate) fn push(&mut self, ts: impl IntoIterator<Item = Transition>) {
        for t in ts {
            if self.recent.len() == KEPT {
                self.recent.pop_front();
            }
            self.recent.push_back(t);
        }
    }

    /// A message for the status line (a watch being resumed).
    pub(crate) fn status(&mut self, s: String) {
        self.status = Some(s);
    }

    /// Redraws everything in place.
    pub(crate) fn draw(&mut self, ex: Option<&Explanation>, converged: bool) -> io::Result<()> {
        let (width, height) = terminal::size().unwrap_or((80, 24));
        let mut ui = self.ui;
        ui.width = Some(ui.width.unwrap_or(width));
        let mut status = format!(
            "{}   converged: {}",
            self.title,
            if converged { "yes" } else { "no" }
        );
        if let Some(s) = &self.status {
            status.push_str(&format!("   {s}"));
        }
        let recent: Vec<Transition> = self.recent.iter().cloned().collect();
        let lines = match ex {
            Some(ex) => {
                render_watch_screen(ex, &recent, &status, (width as usize, height as usize), &ui)?
            }
            None => vec![status, "the Service is gone".into()],
        };
        let mut out = io::stdout().lock();
        queue!(
            out,
            cursor::MoveTo(0, 0),
            terminal::Clear(terminal::ClearType::All)
        )?;
        // Raw mode: a line feed does not return the carriage.
        out.write_all(lines.join("\r\n").as_bytes())?;
        out.flush()
    }

    /// Restores the terminal; returns the styles for the summary.
    pub(crate) fn close(mut self) -> io::Result<Ui> {
        self.restore()?;
        Ok(self.ui)
    }

    fn restore(&mut self) -> io::Result<()> {
        if self.open {
            self.open = false;
            execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen)?;
            terminal::disable_raw_mode()?;
        }
        Ok(())
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}
