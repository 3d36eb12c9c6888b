//! Arbitrary bytes → full analysis (instructions, model, every rule, go-to-definition at
//! every offset): nothing may panic or hang.
#![no_main]

use dockerfile_analysis::{Analysis, BuildConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = Analysis::from_text(&text, &BuildConfig::default());
    let _ = analysis.diagnostics();
    for offset in (0..=text.len()).step_by(7) {
        let _ = dockerfile_analysis::ide::definition::definition(&analysis, offset);
    }
});
