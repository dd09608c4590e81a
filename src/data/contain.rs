//! Third-party readers kept from taking the build down: a panic inside one is an error naming
//! the file, not a crash.
//!
//! Excel and Parquet decoders trust the offsets a file declares; a damaged file can make them
//! index out of bounds and panic. [`contained`] runs a reader so that such a panic becomes an
//! ordinary error, and keeps the panic's own message off the terminal (the error says it).
//! A panic anywhere else still prints as usual. (Polars decodes Parquet on its own worker
//! threads, whose panics would print; but a Parquet file is decoded first in the bounded child
//! of [`super::isolate`], so one that panics never reaches this process's workers.)

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use anyhow::{Result, anyhow};

thread_local! {
    /// Whether this thread is inside [`contained`], so its panics are reported as errors.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read`, turning a panic inside it into an error.
pub(crate) fn contained<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                default(info);
            }
        }));
    });
    let outer = CONTAINED.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(read));
    CONTAINED.with(|c| c.set(outer));
    result.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(anyhow!(
            "the file is damaged or not what its name says (its reader failed: {message})"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_an_error_and_results_pass_through() {
        let err = contained::<()>(|| panic!("index out of range")).unwrap_err();
        assert!(err.to_string().contains("index out of range"), "{err}");
        assert_eq!(contained(|| Ok(7)).unwrap(), 7);
    }
}
