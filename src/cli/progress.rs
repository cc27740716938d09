//! A progress line on stderr while a long read (`-A` on a live cluster) runs, only when stderr
//! is a terminal: a pipe or a CI log gets nothing.

use std::future::Future;
use std::io::Write;
use std::time::Duration;

/// Runs `work`, redrawing `status()` on stderr every 200 ms until it finishes, then erases it.
pub(crate) async fn while_running<T>(
    work: impl Future<Output = T>,
    status: impl Fn() -> String,
) -> T {
    tokio::pin!(work);
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let mut shown = false;
    loop {
        tokio::select! {
            out = &mut work => {
                if shown {
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
                return out;
            }
            _ = tick.tick() => {
                let _ = write!(std::io::stderr(), "\r\x1b[2K{}", status());
                shown = true;
            }
        }
    }
}

/// The status text: requests sent and data received so far.
pub(crate) fn reading(requests: usize, bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1_000_000.0;
    format!("reading the cluster: {requests} request(s), {mb:.1} MB received ...")
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_text() {
        assert_eq!(
            super::reading(3, 2_500_000),
            "reading the cluster: 3 request(s), 2.5 MB received ..."
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn returns_the_work_result() {
        assert_eq!(super::while_running(async { 7 }, String::new).await, 7);
    }
}
