//! Writes a tiny, valid trimmed analyzer dictionary (the `analyzer` artifact of
//! `ichiba::analysis::artifact`) built by lindera's own `DictionaryBuilder` from a handful of
//! made-up words, a 3×3 connection matrix and a cut-down character table: the seed the
//! `analyzer_bytes` and `analyzer_mutated` fuzz targets start from (`fuzz/seeds/tiny.analyzer`,
//! rebuilt by `fuzz/seeds/make-tiny.sh`). No IPADIC data is in it.
//!
//! `cargo run -p ichiba --example tiny_analyzer -- OUT [--readings]`

use std::fs;
use std::path::Path;

use ichiba::analysis::Pos;
use ichiba::analysis::artifact::{self, Section};
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

/// The words: surface, context id, cost, part of speech, reading.
const WORDS: [(&str, u16, i16, &str, &str); 8] = [
    ("ナイキ", 1, 3000, "名詞", "ナイキ"),
    ("新品", 1, 2500, "名詞", "シンピン"),
    ("未使用", 1, 2800, "名詞", "ミシヨウ"),
    ("未", 1, 4000, "接頭詞", "ミ"),
    ("の", 2, 500, "助詞", "ノ"),
    ("は", 2, 600, "助詞", "ハ"),
    ("靴", 1, 3500, "名詞", "クツ"),
    ("エア", 1, 3200, "名詞", "エア"),
];

const MATRIX: &str =
    "3 3\n0 0 0\n0 1 100\n0 2 200\n1 0 50\n1 1 300\n1 2 -100\n2 0 50\n2 1 -50\n2 2 800\n";

const CHAR_DEF: &str = "\
DEFAULT 0 1 0
SPACE 0 1 0
KANJI 0 0 2
SYMBOL 1 1 0
NUMERIC 1 1 0
ALPHA 1 1 0
HIRAGANA 0 1 2
KATAKANA 1 1 2
0x0020 SPACE
0x0009 SPACE
0x0030..0x0039 NUMERIC
0x0041..0x005A ALPHA
0x0061..0x007A ALPHA
0x0021..0x002F SYMBOL
0x3041..0x309F HIRAGANA
0x30A1..0x30FF KATAKANA
0x30FC KATAKANA HIRAGANA
0x4E00..0x9FFF KANJI
0xFF10..0xFF19 NUMERIC
";

const CATEGORIES: [&str; 8] = [
    "DEFAULT", "SPACE", "KANJI", "SYMBOL", "NUMERIC", "ALPHA", "HIRAGANA", "KATAKANA",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: tiny_analyzer OUT [--readings]")?;
    let readings = args.next().as_deref() == Some("--readings");
    let tmp = std::env::temp_dir().join(format!("ichiba-tiny-analyzer-{}", std::process::id()));
    let (src, built) = (tmp.join("src"), tmp.join("built"));
    fs::create_dir_all(&src)?;
    let mut csv = String::new();
    for (surface, ctx, cost, pos, reading) in WORDS {
        csv.push_str(&format!(
            "{surface},{ctx},{ctx},{cost},{pos},一般,*,*,*,*,{surface},{reading},{reading}\n"
        ));
    }
    fs::write(src.join("tiny.csv"), csv)?;
    fs::write(src.join("matrix.def"), MATRIX)?;
    fs::write(src.join("char.def"), CHAR_DEF)?;
    let unk: String = CATEGORIES
        .iter()
        .map(|c| format!("{c},1,1,5000,名詞,一般,*,*,*,*,*\n"))
        .collect();
    fs::write(src.join("unk.def"), unk)?;

    let metadata_json = include_str!("../../../dictionaries/ipadic/ipadic-metadata.json");
    let mut metadata: Metadata = serde_json::from_str(metadata_json)?;
    metadata.name = "tiny".into();
    metadata.encoding = "UTF-8".into();
    DictionaryBuilder::new(metadata).build_dictionary(&src, &built)?;

    let read = |name: &str| fs::read(built.join(name));
    let (meta, trie, vals_idx, vals) = (
        read("metadata.json")?,
        read("dict.trie")?,
        read("dict.valsidx")?,
        read("dict.vals")?,
    );
    let (matrix, char_def, unk) = (read("matrix.mtx")?, read("char_def.bin")?, read("unk.bin")?);
    // Word ids are the rows of the csv in order (one file, no duplicates).
    let pos: Vec<u8> = WORDS
        .iter()
        .map(|w| {
            artifact::pos_code(match w.3 {
                "名詞" => Pos::Noun,
                "助詞" => Pos::Particle,
                "接頭詞" => Pos::Prefix,
                _ => Pos::Other,
            })
        })
        .collect();
    let mut idx = Vec::new();
    let mut text = Vec::new();
    for w in WORDS {
        idx.extend_from_slice(&(text.len() as u32).to_le_bytes());
        text.extend_from_slice(w.4.as_bytes());
    }
    idx.extend_from_slice(&(text.len() as u32).to_le_bytes());
    let mut sections: Vec<(Section, &[u8])> = vec![
        (Section::Metadata, &meta),
        (Section::Trie, &trie),
        (Section::ValsIdx, &vals_idx),
        (Section::Vals, &vals),
        (Section::Matrix, &matrix),
        (Section::CharDef, &char_def),
        (Section::Unk, &unk),
        (Section::Pos, &pos),
    ];
    if readings {
        sections.push((Section::ReadingIdx, &idx));
        sections.push((Section::Readings, &text));
    }
    sections.push((Section::Copying, b"made-up test data, no licence needed"));
    let bytes = artifact::write(&sections);
    fs::remove_dir_all(&tmp)?;
    fs::write(Path::new(&out), &bytes)?;
    eprintln!("{out}: {} bytes", bytes.len());
    Ok(())
}
