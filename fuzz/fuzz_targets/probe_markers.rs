//! The build-time probe's marker parser (ffi/markers.rs, included as build.rs includes it)
//! on arbitrary text: scan_asm and scan_saved never panic, and every marker they accept
//! prints back to a line that parses to the same marker.
#![no_main]

#[path = "../../ffi/markers.rs"]
mod markers;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = markers::parse_value(text);
    let _ = markers::parse_marker(text);
    for list in [markers::scan_asm(text), markers::scan_saved(text)].into_iter().flatten() {
        for m in list {
            let line = format!("{}:{}={}", m.kind as char, m.name, m.value);
            assert_eq!(markers::parse_marker(&line), Ok(m.clone()), "{line}");
        }
    }
    if let Err((line, e)) = markers::scan_asm(text) {
        assert!(line >= 1);
        assert!(!e.message().is_empty());
    }
});
