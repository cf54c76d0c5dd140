//! A global allocator for the test suite that returns *minimally* aligned memory: a block
//! asked for with alignment `a` (up to 8) starts at an address that is a multiple of `a`
//! but not of `2a`, so every byte buffer (`Vec<u8>`, `String`) starts at an odd address.
//! Code that treats such a buffer as pointers or integers (a C library's pointer arrays in
//! a byte scratch buffer, a `*const T` cast of received bytes) then trips Rust's debug
//! "misaligned pointer dereference" check instead of working by luck of malloc's 16-byte
//! alignment.
//!
//! Compiled only with `RUSTFLAGS="--cfg bsdsock_odd_alloc"` (`.ci/soundness.sh odd-alloc`),
//! where it is the global allocator of every binary that links the crate with `std`; the
//! soundness tests also include this file directly and install it in their own binary.
//! Never part of a normal build.

// The crate's global allocator under `--cfg bsdsock_odd_alloc` (this file is then a module
// of the crate); a test that includes the file installs `OddAlloc` itself.
#[cfg(bsdsock_odd_alloc)]
#[global_allocator]
static GLOBAL: OddAlloc = OddAlloc;

use ::std::alloc::{GlobalAlloc, Layout, System};

/// The allocator: [`System`] underneath, each small-alignment block shifted by its
/// alignment inside a block of twice the alignment.
pub struct OddAlloc;

/// Alignments this allocator shifts (larger ones are passed through unchanged).
const MAX_SHIFTED: usize = 8;

/// The underlying layout for `layout` and the shift applied to the block, if any.
fn shifted(layout: Layout) -> Option<(Layout, usize)> {
    let a = layout.align();
    if a > MAX_SHIFTED {
        return None;
    }
    let size = layout.size().checked_add(a)?;
    Some((Layout::from_size_align(size, 2 * a).ok()?, a))
}

// SAFETY: every block comes from System with a layout that covers the caller's `size`
// bytes after the shift; dealloc recomputes the same layout and shift from the caller's
// layout (GlobalAlloc requires the same layout on dealloc), so System gets back exactly
// the pointer and layout it handed out. Realloc is the trait's default (alloc, copy,
// dealloc), which goes through these two.
unsafe impl GlobalAlloc for OddAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match shifted(layout) {
            Some((inner, shift)) => {
                // SAFETY: `inner` has a non-zero size (at least the shift of 1).
                let p = unsafe { System.alloc(inner) };
                if p.is_null() {
                    return p;
                }
                // SAFETY: the block is `size + shift` bytes; the result keeps `size` inside.
                unsafe { p.add(shift) }
            }
            // SAFETY: the caller's layout, passed through (non-zero size per the trait).
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match shifted(layout) {
            // SAFETY: `ptr` is `shift` bytes into a block System allocated with `inner`.
            Some((inner, shift)) => unsafe { System.dealloc(ptr.sub(shift), inner) },
            // SAFETY: passed through from alloc with the same layout.
            None => unsafe { System.dealloc(ptr, layout) },
        }
    }
}
