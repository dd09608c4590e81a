//! The build context: what outside the declarations can change an output, resolved once.
//!
//! Two things from the environment reach outputs: the document date (`SOURCE_DATE_EPOCH`, read
//! here and nowhere else) and Polars' thread count (float sums are only reproducible bit for
//! bit on one Polars thread). [`BuildContext::from_env`] is the library's entry point for both:
//! it reads the one variable and puts Polars into its deterministic setup before any query.

use std::sync::Once;

use anyhow::{Context as _, Result};

use crate::release::Date;

/// Settings every build of this process shares. The only way to make one is
/// [`BuildContext::from_env`], so no build can skip the deterministic setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildContext {
    /// `SOURCE_DATE_EPOCH` as a date, when set: it overrides every release's publication date
    /// as the document's fixed clock.
    pub(crate) source_date: Option<Date>,
}

impl BuildContext {
    /// Reads `SOURCE_DATE_EPOCH` and makes Polars deterministic for this process.
    ///
    /// Call it before starting threads of your own: Polars reads its thread count from the
    /// environment when it first runs a query, so the setting is made here, once.
    pub fn from_env() -> Result<BuildContext> {
        deterministic_polars();
        let source_date = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(epoch) => {
                let seconds: i64 = epoch.trim().parse().with_context(|| {
                    format!("`SOURCE_DATE_EPOCH` must be whole seconds, found `{epoch}`")
                })?;
                Some(Date::from_unix(seconds).with_context(|| {
                    format!(
                        "`SOURCE_DATE_EPOCH` = {seconds} is not a date a PDF can carry (the years 1 to 9999)"
                    )
                })?)
            }
            Err(_) => None,
        };
        Ok(BuildContext { source_date })
    }
}

/// One Polars thread, and Polars warnings in rapport's voice; done once per process.
fn deterministic_polars() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Polars sums floats over partitions whose order depends on thread scheduling, so the
        // last bit of an aggregate can differ between runs. One Polars thread makes every
        // table reproducible; rapport runs independent steps in parallel instead.
        if std::env::var("POLARS_MAX_THREADS").as_deref() != Ok("1") {
            // SAFETY: this runs once, from the entry point, before rapport starts any thread
            // or runs any query; nothing else reads the environment concurrently.
            unsafe { std::env::set_var("POLARS_MAX_THREADS", "1") };
        }
        polars::error::set_warning_function(forward_warning);
    });
}

/// Prints a Polars warning, dropping one that SQL date literals trigger.
///
/// `DATE '2020-06-30'` is how an analyst writes a date in SQL; Polars implements it as a
/// string-to-date cast and prints a deprecation notice for every chunk, which would bury the
/// build summary.
fn forward_warning(message: &str, warning: polars::error::PolarsWarning) {
    if !message.starts_with("Casting from String to Date") {
        eprintln!("warning: polars ({warning:?}): {message}");
    }
}
