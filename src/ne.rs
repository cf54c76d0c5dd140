//! Native-endian integers of C-declared widths at probed offsets, read from and written to
//! byte buffers without `unsafe`: the pure core's one tool for C structs it sees as bytes
//! (control messages, getsockopt buffers).

/// Read a native-endian unsigned integer of `size` bytes at `off`, if it is inside `b`.
pub(crate) fn read_ne(b: &[u8], off: usize, size: usize) -> Option<u64> {
    let s = b.get(off..off.checked_add(size)?)?;
    Some(match size {
        1 => s[0] as u64,
        2 => u16::from_ne_bytes([s[0], s[1]]) as u64,
        4 => u32::from_ne_bytes([s[0], s[1], s[2], s[3]]) as u64,
        8 => u64::from_ne_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        _ => return None,
    })
}

/// Write the low `size` (1, 2, 4 or 8) bytes of `v` native-endian at `off`, if inside `b`.
pub(crate) fn write_ne(b: &mut [u8], off: usize, size: usize, v: u64) {
    let bytes = v.to_ne_bytes();
    let src: &[u8] = match size {
        1 => &bytes[if cfg!(target_endian = "big") { 7 } else { 0 }..][..1],
        2 => &(v as u16).to_ne_bytes()[..],
        4 => &(v as u32).to_ne_bytes()[..],
        _ => &bytes[..],
    };
    if let Some(dst) = off.checked_add(src.len()).and_then(|end| b.get_mut(off..end)) {
        dst.copy_from_slice(src);
    }
}

/// A native-endian *signed* integer of `size` (1, 2, 4 or 8) bytes at `off`, if inside `b`.
pub(crate) fn read_ne_signed(b: &[u8], off: usize, size: usize) -> Option<i64> {
    let v = read_ne(b, off, size)?;
    let shift = 64 - 8 * size as u32;
    Some(((v << shift) as i64) >> shift)
}
