//! Compiles IPADIC (mecab-ipadic 2.7.0) into lindera's binary format in `OUT_DIR/ipadic`,
//! for `src/lib.rs` to embed.
//!
//! The source comes from, in order:
//! 1. `IPADIC_SRC`: a mecab-ipadic source directory (EUC-JP or UTF-8, sniffed) or a
//!    `.tar.gz` of one;
//! 2. the upstream tarball shipped inside the `lindera-ipadic 0.22.0` crate, which is a
//!    build-dependency only so that `cargo build` downloads it: first its unpacked copy in
//!    `$CARGO_HOME/registry/src/*/`, then its `.crate` in `$CARGO_HOME/registry/cache/*/`.

use std::env;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

/// The upstream source tarball (md5 e09556657cc70e45564c6514a6b08495), EUC-JP.
const TARBALL: &str = "mecab-ipadic-2.7.0-20070801.tar.gz";
/// The crate whose .crate ships [`TARBALL`] under `resources/`.
const CARRIER: &str = "lindera-ipadic-0.22.0";
/// Where the compiled dictionary goes, below `OUT_DIR`; `src/lib.rs` embeds from there.
const DICT_SUBDIR: &str = "ipadic";
/// Files every mecab-ipadic source directory has besides its `*.csv`.
const REQUIRED: [&str; 3] = ["matrix.def", "char.def", "unk.def"];

fn main() {
    if let Err(e) = run() {
        eprintln!("error: ichiba-ipadic: {e}");
        std::process::exit(1);
    }
}

/// A build failure, said in a sentence a person can act on.
struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail(msg: impl Into<String>) -> BuildError {
    BuildError(msg.into())
}

fn io_err(what: &str, path: &Path, e: io::Error) -> BuildError {
    fail(format!("{what} {}: {e}", path.display()))
}

fn run() -> Result<(), BuildError> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=ipadic-metadata.json");
    println!("cargo::rerun-if-env-changed=IPADIC_SRC");

    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or_else(|| fail("OUT_DIR is not set"))?);
    let (src_dir, encoding) = match env::var_os("IPADIC_SRC").map(PathBuf::from) {
        Some(path) => {
            println!("cargo::rerun-if-changed={}", path.display());
            from_override(&path, &out)?
        }
        None => {
            let targz = tarball_from_registry()?;
            (unpack(&targz, &out)?, "EUC-JP".to_string())
        }
    };

    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let metadata_path = manifest_dir.join("ipadic-metadata.json");
    let json = fs::read(&metadata_path).map_err(|e| io_err("cannot read", &metadata_path, e))?;
    let mut metadata: Metadata = serde_json::from_slice(&json)
        .map_err(|e| fail(format!("{}: {e}", metadata_path.display())))?;
    metadata.encoding = encoding;

    let dict_dir = out.join(DICT_SUBDIR);
    if dict_dir.exists() {
        fs::remove_dir_all(&dict_dir).map_err(|e| io_err("cannot clear", &dict_dir, e))?;
    }
    DictionaryBuilder::new(metadata)
        .build_dictionary(&src_dir, &dict_dir)
        .map_err(|e| {
            fail(format!(
                "compiling IPADIC from {} failed: {e}",
                src_dir.display()
            ))
        })?;
    // Unpacked sources are only an intermediate: keep OUT_DIR to the compiled dictionary.
    let unpacked = out.join("src");
    if unpacked.exists() {
        let _ = fs::remove_dir_all(&unpacked);
    }

    // `embedded_dictionary!` reads `$LINDERA_WORKDIR/<subdir>/*`.
    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out.display());
    Ok(())
}

/// `IPADIC_SRC` names a source directory, or a `.tar.gz` holding one.
fn from_override(path: &Path, out: &Path) -> Result<(PathBuf, String), BuildError> {
    if path.is_dir() {
        let dir = find_source_dir(path).ok_or_else(|| {
            fail(format!(
                "IPADIC_SRC={} is not a mecab-ipadic source directory (no {} beside *.csv)",
                path.display(),
                REQUIRED.join(", ")
            ))
        })?;
        let encoding = sniff_encoding(&dir)?;
        Ok((dir, encoding))
    } else if path.is_file() {
        let targz = fs::read(path).map_err(|e| io_err("IPADIC_SRC: cannot read", path, e))?;
        let dir = unpack(&targz, out)?;
        let encoding = sniff_encoding(&dir)?;
        Ok((dir, encoding))
    } else {
        Err(fail(format!(
            "IPADIC_SRC={} does not exist (want a mecab-ipadic source directory or its .tar.gz)",
            path.display()
        )))
    }
}

/// `dir` itself or, for an unpacked tarball, its one level of subdirectories.
fn find_source_dir(dir: &Path) -> Option<PathBuf> {
    let is_source = |d: &Path| REQUIRED.iter().all(|f| d.join(f).is_file());
    if is_source(dir) {
        return Some(dir.to_path_buf());
    }
    let mut subdirs: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    subdirs.into_iter().find(|d| is_source(d))
}

/// UTF-8 if every source file decodes as UTF-8, otherwise EUC-JP (the upstream encoding).
fn sniff_encoding(dir: &Path) -> Result<String, BuildError> {
    let entries = fs::read_dir(dir).map_err(|e| io_err("cannot list", dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io_err("cannot list", dir, e))?.path();
        let is_source = path.extension().is_some_and(|x| x == "csv" || x == "def");
        if !is_source {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| io_err("cannot read", &path, e))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Ok("EUC-JP".to_string());
        }
    }
    Ok("UTF-8".to_string())
}

/// Unpacks a gzipped tarball into `out/src` and returns the source directory inside it.
fn unpack(targz: &[u8], out: &Path) -> Result<PathBuf, BuildError> {
    let dst = out.join("src");
    if dst.exists() {
        fs::remove_dir_all(&dst).map_err(|e| io_err("cannot clear", &dst, e))?;
    }
    tar::Archive::new(flate2::read::GzDecoder::new(targz))
        .unpack(&dst)
        .map_err(|e| io_err("cannot unpack the IPADIC tarball into", &dst, e))?;
    find_source_dir(&dst).ok_or_else(|| {
        fail(format!(
            "the tarball holds no mecab-ipadic source directory ({} beside *.csv)",
            REQUIRED.join(", ")
        ))
    })
}

/// The upstream tarball out of the `lindera-ipadic 0.22.0` package that cargo downloaded.
fn tarball_from_registry() -> Result<Vec<u8>, BuildError> {
    let registry = cargo_home()
        .ok_or_else(|| fail("neither CARGO_HOME nor HOME is set; set IPADIC_SRC"))?
        .join("registry");
    let resource = Path::new(CARRIER).join("resources").join(TARBALL);

    // The unpacked package (cargo unpacks it to compile it); registries are per index.
    for index in subdirs(&registry.join("src")) {
        let path = index.join(&resource);
        if path.is_file() {
            return fs::read(&path).map_err(|e| io_err("cannot read", &path, e));
        }
    }
    // The downloaded .crate (kept even when `registry/src` was cleaned).
    let crate_file = format!("{CARRIER}.crate");
    for index in subdirs(&registry.join("cache")) {
        let path = index.join(&crate_file);
        if path.is_file() {
            return tarball_from_crate(&path);
        }
    }
    Err(fail(format!(
        "IPADIC source not found: {TARBALL} is neither in {}/src/*/{CARRIER}/resources/ nor in \
         {}/cache/*/{crate_file}. Run `cargo fetch` (it downloads lindera-ipadic 0.22.0), or set \
         IPADIC_SRC to a mecab-ipadic-2.7.0 source directory or its .tar.gz",
        registry.display(),
        registry.display(),
    )))
}

fn tarball_from_crate(crate_file: &Path) -> Result<Vec<u8>, BuildError> {
    let file = fs::File::open(crate_file).map_err(|e| io_err("cannot open", crate_file, e))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = archive
        .entries()
        .map_err(|e| io_err("cannot read", crate_file, e))?;
    let wanted = Path::new("resources").join(TARBALL);
    for entry in entries {
        let mut entry = entry.map_err(|e| io_err("cannot read", crate_file, e))?;
        let is_tarball = entry.path().is_ok_and(|p| p.ends_with(&wanted));
        if is_tarball {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| io_err("cannot read", crate_file, e))?;
            return Ok(bytes);
        }
    }
    Err(fail(format!(
        "{} does not contain resources/{TARBALL}; set IPADIC_SRC",
        crate_file.display()
    )))
}

fn cargo_home() -> Option<PathBuf> {
    if let Some(home) = env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home));
    }
    env::var_os("HOME")
        .or_else(|| env::var_os("USERPROFILE"))
        .map(|home| PathBuf::from(home).join(".cargo"))
}

/// The subdirectories of `dir`, sorted; none if it cannot be read.
fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}
