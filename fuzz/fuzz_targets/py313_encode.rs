//! The encoders of Python 3.13's Linux families from caller values: PACKET (index,
//! protocol, packet type, hardware type, a hardware address of any length), VSOCK, CAN
//! (raw, ISO-TP, J1939), ALG (type and name text of any length and content) and QIPCRTR,
//! plus `IfName::new` of any bytes. Constructors return an error or a value, never panic;
//! every value encodes, decodes from its encoding to an equal value of its family, and
//! Displays. Public API only.
#![no_main]

use bsdsock::{AlgAddr, CanAddr, IfName, PacketAddr, QipcrtrAddr, SockAddr, VsockAddr};
use libfuzzer_sys::fuzz_target;

/// A little reader over the fuzz input: fixed-width integers, then slices.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = self.0.len().min(N);
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }
    fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.bytes())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes())
    }
    /// A slice whose length is the next byte (cut to what is left).
    fn slice(&mut self) -> &'a [u8] {
        let n = (self.u8() as usize).min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        s
    }
}

/// Encode, decode, compare; Display must not panic either.
fn round_trip(a: SockAddr) {
    let text = format!("{a} {a:?}");
    assert!(!text.is_empty());
    let mut out = [0u8; 256];
    let n = a.encode_bytes(&mut out).expect("a constructed address encodes");
    let back = SockAddr::decode(&out[..n]).expect("an encoding decodes");
    assert_eq!(back.family(), a.family());
    assert_eq!(back, a, "{a:?} -> {:?}", &out[..n]);
    // Every shorter prefix decodes without a panic.
    for k in 0..n {
        let _ = SockAddr::decode(&out[..k]);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    match inp.u8() % 7 {
        0 => {
            let base =
                PacketAddr::new(inp.i32(), inp.u16()).with_pkttype(inp.u8()).with_hatype(inp.u16());
            let hw = inp.slice();
            match base.with_addr(hw) {
                Ok(a) => {
                    assert_eq!(a.addr(), hw);
                    round_trip(SockAddr::Packet(a));
                }
                Err(e) => {
                    assert!(hw.len() > 8);
                    assert_eq!(e.to_string(), "Hardware address must be 8 bytes or less");
                }
            }
        }
        1 => round_trip(SockAddr::Vsock(VsockAddr::new(inp.u32(), inp.u32()))),
        2 => round_trip(SockAddr::Can(CanAddr::new(inp.i32()))),
        3 => {
            let a = CanAddr::isotp(inp.i32(), inp.u32(), inp.u32());
            let (rx, tx) = (a.rx_id(), a.tx_id());
            round_trip(SockAddr::Can(a));
            let _ = (rx, tx);
        }
        4 => {
            let (ifindex, name, pgn, addr) = (inp.i32(), inp.u64(), inp.u32(), inp.u8());
            let a = CanAddr::j1939(ifindex, name, pgn, addr);
            assert_eq!((a.j1939_name(), a.j1939_pgn(), a.j1939_addr()), (name, pgn, addr));
            round_trip(SockAddr::Can(a));
        }
        5 => {
            let ty = String::from_utf8_lossy(inp.slice()).into_owned();
            let name = String::from_utf8_lossy(inp.slice()).into_owned();
            let (feat, mask) = (inp.u32(), inp.u32());
            match AlgAddr::new(&ty, &name) {
                Ok(a) => {
                    let a = a.with_feat(feat).with_mask(mask);
                    assert_eq!((a.alg_type(), a.name()), (ty.as_bytes(), name.as_bytes()));
                    round_trip(SockAddr::Alg(a));
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        _ => {
            round_trip(SockAddr::Qipcrtr(QipcrtrAddr { node: inp.u32(), port: inp.u32() }));
            let raw = inp.slice();
            if let Some(n) = IfName::new(raw) {
                assert_eq!(n.as_bytes(), raw);
            }
        }
    }
});
