//! Writing a command's report to standard output.
//!
//! Commands build their whole report as a `String` (with `out_line!`) and
//! print it once, so a closed pipe is handled in one place and tests can compare whole texts.

use anyhow::Result;

/// Appends one formatted line to a command's report (a `String`), printed by [`emit`].
macro_rules! out_line {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}
pub(crate) use out_line;

/// Writes a command's report to standard output.
///
/// A reader that closes the pipe early (`rapport status | head`) is not an error: the output
/// is simply no longer wanted, so a broken pipe ends the write quietly instead of panicking.
pub(crate) fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
