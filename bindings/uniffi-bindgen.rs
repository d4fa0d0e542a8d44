//! The workspace's bindgen: `cargo run -p ichiba-bindings --features cli --bin uniffi-bindgen --
//! generate --library <cdylib> --language kotlin …`. Built from the same pinned uniffi as the
//! library, so the generated code matches its scaffolding. `bindings/generate.sh` wraps it.

fn main() {
    uniffi::uniffi_bindgen_main()
}
