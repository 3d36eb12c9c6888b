//! The signals STOPSIGNAL names (Linux numbering).

use super::{Value, v};

/// Signals an application is commonly stopped with, and what they conventionally mean.
pub static SIGNALS: &[Value] = &[
    v(
        "SIGTERM",
        "15: asks the process to terminate; the default stop signal.",
    ),
    v(
        "SIGINT",
        "2: interrupt, as Ctrl-C sends; many runtimes (Node, Python) stop on it.",
    ),
    v(
        "SIGQUIT",
        "3: quit; nginx finishes open requests and stops on it.",
    ),
    v(
        "SIGHUP",
        "1: hang-up; many daemons reload their configuration on it instead of stopping.",
    ),
    v("SIGWINCH", "28: Apache httpd stops gracefully on it."),
    v(
        "SIGUSR1",
        "10: user-defined; its meaning is up to the application.",
    ),
    v(
        "SIGUSR2",
        "12: user-defined; its meaning is up to the application.",
    ),
    v(
        "SIGKILL",
        "9: kills at once; the process cannot clean up. `docker stop` sends it after the timeout anyway.",
    ),
    v(
        "SIGRTMIN+3",
        "37: systemd shuts down on it (for images that run systemd as PID 1).",
    ),
];

/// The signal named `name` (with or without the `SIG` prefix, case-insensitively) or numbered.
#[must_use]
pub fn signal(name: &str) -> Option<&'static Value> {
    let upper = name.to_ascii_uppercase();
    let full = if upper.starts_with("SIG") {
        upper
    } else if upper.bytes().all(|b| b.is_ascii_digit()) {
        return SIGNALS
            .iter()
            .find(|s| s.docs.split(':').next() == Some(name));
    } else {
        format!("SIG{upper}")
    };
    SIGNALS.iter().find(|s| s.name == full)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_signals_by_name_or_number() {
        assert_eq!(super::signal("term").map(|s| s.name), Some("SIGTERM"));
        assert_eq!(super::signal("3").map(|s| s.name), Some("SIGQUIT"));
        assert!(super::signal("SIGNOPE").is_none());
    }
}
