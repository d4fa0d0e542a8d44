//! The master-data import (`ichiba_build::facets`): every facet file kind and the master
//! brands, on arbitrary bytes (JSON or not), plus the reading and word helpers on the
//! text. A malformed file is a typed error, never a panic.
#![no_main]

use std::path::Path;

use ichiba_build::facets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = facets::master_brands(Path::new("brands.json"), data);
    for name in [
        "brands.json",
        "categories.json",
        "colors.json",
        "conditions.json",
        "sizes.json",
    ] {
        let _ = facets::parse(Path::new(name), data);
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = facets::kana_reading(s);
        let _ = facets::category_words(s);
        let _ = facets::attribute_word(s);
    }
});
