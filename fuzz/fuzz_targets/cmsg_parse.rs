//! The control-message parser on arbitrary bytes: CmsgIter must never panic or read past
//! the buffer, whatever the lengths claim; every message's data lies inside the input,
//! messages do not overlap, and the typed views (rights, credentials) stay in bounds.
//! Whatever parses cleanly must rebuild, through CmsgBuilder, to bytes that parse the same.
#![no_main]

use bsdsock::cmsg::{CmsgBuilder, CmsgIter, cmsg_space};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = data.as_ptr() as usize;
    let end = base + data.len();
    let mut last_end = base;
    let mut count = 0usize;
    let mut space = 0usize;
    for m in CmsgIter::new(data) {
        let start = m.data.as_ptr() as usize;
        // Inside the buffer, after the previous message.
        assert!(start >= last_end && start + m.data.len() <= end);
        last_end = start + m.data.len();
        let _ = m.rights().count();
        #[cfg(target_os = "linux")]
        let _ = m.credentials();
        count += 1;
        space = space.saturating_add(cmsg_space(m.data.len()));
        assert!(count <= data.len());
    }
    // Rebuild the whole, untruncated messages and parse again: same (level, kind, data).
    if space <= 4096 {
        let mut buf = [0u8; 4096];
        let mut b = CmsgBuilder::new(&mut buf);
        let mut want = 0;
        for m in CmsgIter::new(data).filter(|m| !m.truncated) {
            b.push(m.level, m.kind, m.data).unwrap();
            want += 1;
        }
        let n = b.len();
        let again: Vec<_> = CmsgIter::new(&buf[..n]).map(|m| (m.level, m.kind, m.data)).collect();
        let orig: Vec<_> =
            CmsgIter::new(data).filter(|m| !m.truncated).map(|m| (m.level, m.kind, m.data)).collect();
        assert_eq!(again.len(), want);
        assert_eq!(again, orig);
    }
});
