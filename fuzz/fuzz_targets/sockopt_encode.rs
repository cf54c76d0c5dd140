//! The socket-option encoders (bsdsock::sockopt) from arbitrary values: `ip_mreq`,
//! `ip_mreqn`, `ipv6_mreq`, `group_req` (with any decoded address as the group), `linger`
//! and `timeval`. None panics; each gives the struct's size; `linger` and `timeval` read
//! back through their decoders (timeval rounded up to the microsecond, or the overflow
//! error for seconds beyond the target's `time_t`).
#![no_main]

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use bsdsock::SockAddr;
use bsdsock::sockopt::{
    decode_linger, decode_timeval, ip_mreq, ip_mreqn, ipv6_mreq, linger, timeval,
};
use libfuzzer_sys::fuzz_target;

fn take<const N: usize>(d: &mut &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = d.len().min(N);
    out[..n].copy_from_slice(&d[..n]);
    *d = &d[n..];
    out
}

fuzz_target!(|data: &[u8]| {
    let mut d = data;
    let a = Ipv4Addr::from(take::<4>(&mut d));
    let b = Ipv4Addr::from(take::<4>(&mut d));
    let idx = i32::from_le_bytes(take(&mut d));
    let six = Ipv6Addr::from(take::<16>(&mut d));
    let ifc = u32::from_le_bytes(take(&mut d));
    let on = take::<1>(&mut d)[0] & 1 == 1;
    let secs = i32::from_le_bytes(take(&mut d));
    let dur = Duration::new(
        u64::from_le_bytes(take(&mut d)),
        u32::from_le_bytes(take(&mut d)) % 1_000_000_000,
    );

    let m = ip_mreq(a, b);
    assert_eq!(&m[..4], &a.octets());
    let _ = ip_mreqn(a, b, idx);
    let _ = ipv6_mreq(six, ifc);

    assert_eq!(decode_linger(&linger(on, secs)), Some((on as i32, secs)));

    match timeval(dur) {
        Ok(t) => {
            let back = decode_timeval(&t).expect("an encoded timeval decodes");
            assert!(back >= dur && back - dur < Duration::from_micros(1), "{dur:?} -> {back:?}");
        }
        Err(e) => {
            assert_eq!(e.to_string(), "timestamp out of range for platform time_t");
            assert!(dur.as_secs() >= (1 << 31) - 1);
        }
    }

    // group_req: any address the decoder makes from the rest; only INET/INET6 encode.
    if let Some(group) = SockAddr::decode(d) {
        let r = bsdsock::sockopt::group_req(ifc, &group);
        let inet = matches!(group, SockAddr::Inet(_) | SockAddr::Inet6(_));
        assert_eq!(r.is_ok(), inet, "{group:?}: {r:?}");
    }
});
