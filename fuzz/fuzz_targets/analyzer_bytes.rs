//! The analyzer-dictionary loader (`analysis::artifact::check` and `Analyzer::load_bytes`,
//! magic, version, length and checksum first) on arbitrary bytes; whatever loads segments
//! and reads a few texts, so a file that passes the loader cannot panic later. Seeds: the
//! tiny analyzer file and a few headers (`fuzz/corpus/analyzer_bytes`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ichiba_fuzz::exercise_analyzer(data, "ナイキの靴");
});
