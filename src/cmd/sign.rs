//! `ichiba sign`: the publisher's side of signed delivery (`ichiba::delivery`) — make a key
//! pair, sign an artifact manifest, check a signed one as a phone would.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use ichiba::artifacts::hex;
use ichiba::delivery::{self, VerifiedManifest};
use ichiba::file::write_atomic;

/// Arguments of `ichiba sign`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Make an ed25519 key pair: the secret key file (64 hex digits, mode 0600; keep it off
    /// the CDN) and `<file>.pub`, the public key the app pins.
    Keygen {
        /// Where to write the secret key; refused if it exists.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign an artifact manifest (as `ichiba build` or `ichiba analyzer build --manifest`
    /// write them), setting its `sequence` and `expires_at`.
    Manifest(ManifestArgs),
    /// Check a signed manifest as the app does: signature by the pinned key, not a rollback,
    /// not expired. Prints the manifest inside; exits non-zero when it is refused.
    Verify(VerifyArgs),
}

#[derive(clap::Args)]
struct ManifestArgs {
    /// The manifest to sign (JSON).
    manifest: PathBuf,
    /// The secret key file (`ichiba sign keygen`).
    #[arg(long)]
    key: PathBuf,
    /// The manifest's sequence: higher than every manifest published before (apps refuse a
    /// lower one than theirs as a rollback).
    #[arg(long)]
    sequence: u64,
    /// Days until it expires (apps refuse it after that: publish a new one before).
    #[arg(long, default_value_t = 30)]
    valid_days: u64,
    /// Where to write the signed manifest.
    #[arg(long, short)]
    out: PathBuf,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// The signed manifest.
    signed: PathBuf,
    /// A pinned public key: 64 hex digits or a `.pub` file; repeat to pin several.
    #[arg(long = "public-key", required = true)]
    public_keys: Vec<String>,
    /// The sequence of the manifest in use (a lower one is a rollback).
    #[arg(long)]
    in_use: Option<u64>,
    /// Check as of this time (unix seconds) instead of now.
    #[arg(long)]
    now: Option<u64>,
}

/// Runs `ichiba sign`.
pub fn run(args: Args) -> Result<()> {
    match args.command {
        Command::Keygen { out } => keygen(&out),
        Command::Manifest(a) => sign_manifest(a),
        Command::Verify(a) => verify(a),
    }
}

fn keygen(out: &Path) -> Result<()> {
    if out.exists() {
        bail!("{} exists: not overwriting a key", out.display());
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness from the OS: {e}"))?;
    let key = ichiba::delivery::parse_secret_key(&hex(&seed))?;
    let public = hex(key.verifying_key().as_bytes());
    write_secret(out, format!("{}\n", hex(&seed)).as_bytes())?;
    let pub_path = public_path(out);
    write_atomic(&pub_path, format!("{public}\n").as_bytes())
        .with_context(|| format!("writing {}", pub_path.display()))?;
    println!("secret key  {} (keep it off the CDN)", out.display());
    println!("public key  {} ({public})", pub_path.display());
    println!("key id      {}", delivery::key_id(&key.verifying_key()));
    Ok(())
}

#[cfg(unix)]
fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, bytes).with_context(|| format!("writing {}", path.display()))
}

fn public_path(secret: &Path) -> PathBuf {
    let mut name = secret.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

fn sign_manifest(a: ManifestArgs) -> Result<()> {
    let text = std::fs::read_to_string(&a.manifest)
        .with_context(|| format!("reading {}", a.manifest.display()))?;
    let mut manifest: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", a.manifest.display()))?;
    let Some(object) = manifest.as_object_mut() else {
        bail!("{} is not a JSON object", a.manifest.display());
    };
    if !object.contains_key("artifacts") {
        bail!(
            "{} has no `artifacts`: not a manifest",
            a.manifest.display()
        );
    }
    let expires_at = unix_now()? + a.valid_days * 86_400;
    object.insert("sequence".into(), a.sequence.into());
    object.insert("expires_at".into(), expires_at.into());
    let secret = std::fs::read_to_string(&a.key)
        .with_context(|| format!("reading the key {}", a.key.display()))?;
    let key = delivery::parse_secret_key(&secret)
        .with_context(|| format!("the key {}", a.key.display()))?;
    let signed = delivery::sign(&serde_json::to_string(&manifest)?, &key)?;
    write_atomic(&a.out, signed.as_bytes())
        .with_context(|| format!("writing {}", a.out.display()))?;
    println!(
        "signed {} → {} (sequence {}, expires at {expires_at}, key {})",
        a.manifest.display(),
        a.out.display(),
        a.sequence,
        delivery::key_id(&key.verifying_key())
    );
    Ok(())
}

fn verify(a: VerifyArgs) -> Result<()> {
    let signed = std::fs::read_to_string(&a.signed)
        .with_context(|| format!("reading {}", a.signed.display()))?;
    let keys = a
        .public_keys
        .iter()
        .map(|k| {
            let text = if Path::new(k).is_file() {
                std::fs::read_to_string(k).with_context(|| format!("reading {k}"))?
            } else {
                k.clone()
            };
            Ok(delivery::parse_public_key(&text)?)
        })
        .collect::<Result<Vec<_>>>()?;
    let now = match a.now {
        Some(n) => n,
        None => unix_now()?,
    };
    let VerifiedManifest {
        manifest_json,
        sequence,
        expires_at,
        key_id,
    } = delivery::open(&signed, &keys, now, a.in_use)
        .with_context(|| format!("{} refused", a.signed.display()))?;
    eprintln!("ok: signed by {key_id}, sequence {sequence}, expires at {expires_at}");
    println!("{manifest_json}");
    Ok(())
}

fn unix_now() -> Result<u64> {
    Ok(SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .context("the clock is before 1970")?
        .as_secs())
}
