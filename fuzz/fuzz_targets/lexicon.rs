//! The lexicon sources' row parsers (`ichiba_build::lexicon`): lexicon rows, the blocklist,
//! next-word pairs and the category tree, on arbitrary bytes. A bad row is a typed error
//! naming its line, never a panic.
#![no_main]

use std::path::Path;

use ichiba_build::lexicon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lexicon::parse_all(Path::new("fuzz.tsv"), data);
    let _ = lexicon::parse_blocklist_all(Path::new("blocklist.tsv"), data);
    let _ = lexicon::parse_pairs_all(Path::new("next.tsv"), data);
    let _ = lexicon::parse_category_tree_all(Path::new("category_tree.tsv"), data);
});
