//! The experiment configuration (`experiment::Config::from_json`, and `Client::load`), then
//! assignment and decisions over whatever parses.
#![no_main]

use ichiba::experiment::{Client, Config, Device, Platform};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ichiba::experiment::parse_rfc3339_ms(json);
    let Ok(config) = Config::from_json(json) else {
        return;
    };
    let client = Client::with_config(config.clone());
    for platform in [Platform::Ios, Platform::Android] {
        let device = Device::new(platform, "5.3.0", "17.4").expect("a valid device");
        for now in [0, 1_750_000_000_000, i64::MAX] {
            let _ = client.decide("user-1", &device, now);
        }
    }
    for exp in config.experiments() {
        let _ = exp.assign("user-1");
        let _ = exp.variant_for_bucket(0);
        let _ = exp.variant_for_bucket(ichiba::experiment::BUCKETS - 1);
    }
    let _ = client.load(json);
});
