//! Work on every core, and values computed once and shared: [`parallel_map`] and the
//! `Memo` that caches carry.

/// A value computed on first use and carried along with what it was computed from (an
/// instruction, a script): clones share it, and equality and debug output ignore it — two
/// instructions with the same text are equal whether either has filled its caches or not.
#[derive(Clone)]
pub(crate) struct Memo<T>(pub(crate) std::sync::OnceLock<T>);

impl<T> Memo<T> {
    /// Whether the value has been computed.
    pub(crate) fn is_filled(&self) -> bool {
        self.0.get().is_some()
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::sync::OnceLock::new())
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Memo<T>) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// `f` over `items` on every core (workers take the next item as they finish one), the
/// results in the order of `items`. A panic in `f` is re-raised after the others finish.
#[must_use]
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
