//! The artifact manifest (`artifacts::select`): arbitrary JSON against a few devices and
//! names, then `verify` of the input bytes against whatever was selected.
#![no_main]

use ichiba::artifacts::{self, Device};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let devices = [
        ("android", "14", "arm64-v8a", Some("fp16")),
        ("ios", "17.4.1", "arm64", None),
        ("Android", "", "x86_64", Some("int8")),
    ];
    for (os, os_version, arch, precision) in devices {
        let device = Device {
            os: os.into(),
            os_version: os_version.into(),
            arch: arch.into(),
            app_version: "5.12.0".into(),
            preferred_precision: precision.map(Into::into),
        };
        for name in ["dictionary", "media-classifier"] {
            if let Ok(a) = artifacts::select(json, name, &device) {
                let _ = artifacts::verify(data, a.size, &a.sha256);
            }
        }
    }
});
