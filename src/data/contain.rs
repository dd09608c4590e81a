//! Third-party readers kept from taking the build down: a panic inside one is an error naming
//! the file, not a crash.
//!
//! Excel and Parquet decoders trust the offsets a file declares; a damaged file can make them
//! index out of bounds and panic. [`contained`] runs a reader so that such a panic becomes an
//! ordinary error, and keeps the panic's own message off the terminal (the error says it).
//! Polars decodes on its own worker threads and carries their panics back to the caller, so
//! while any reader is contained, a panic on a Polars worker is kept quiet too. A panic
//! anywhere else still prints as usual.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Result, anyhow};

thread_local! {
    /// Whether this thread is inside [`contained`], so its panics are reported as errors.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// How many threads are inside [`contained`] now.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// Whether the current thread is one of Polars' workers, whose panics reach the reader that
/// started them.
fn on_polars_worker() -> bool {
    std::thread::current()
        .name()
        .is_some_and(|name| name.starts_with("polars") || name.starts_with("async-executor"))
}

/// Runs `read`, turning a panic inside it into an error.
pub(crate) fn contained<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let quiet = CONTAINED.with(Cell::get)
                || (ACTIVE.load(Ordering::SeqCst) > 0 && on_polars_worker());
            if !quiet {
                default(info);
            }
        }));
    });
    let outer = CONTAINED.with(|c| c.replace(true));
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(read));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
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
