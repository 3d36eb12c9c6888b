//! Giving memory back. The binary allocates with jemalloc (see `main.rs`); a long-running
//! server turns on its background thread, which returns the pages of freed memory (a closed
//! document, an old analysis) to the system after they stay unused for a while, instead of
//! keeping them for the next allocation as glibc's malloc does.

/// Turns on jemalloc's background purging (nothing when jemalloc is not the allocator, or
/// cannot start the thread: memory is then reused but kept, as before).
pub fn release_in_background() {
    #[cfg(not(windows))]
    if let Err(e) = tikv_jemalloc_ctl::background_thread::write(true) {
        tracing::debug!("jemalloc background thread: {e}");
    }
}
