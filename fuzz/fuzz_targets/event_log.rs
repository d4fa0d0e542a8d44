//! The on-device event log reader (`experiment::read_log`): arbitrary bytes (torn lines,
//! invalid UTF-8, wrong types) are counted as skipped, never a panic; every event read
//! writes back as a line that reads as the same event.
#![no_main]

use ichiba::experiment::read_log;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let log = read_log(data).expect("reading from memory cannot fail");
    for event in &log.events {
        let line = event.to_line();
        let again = read_log(line.as_bytes()).expect("in memory");
        assert_eq!(again.events.as_slice(), std::slice::from_ref(event));
    }
});
