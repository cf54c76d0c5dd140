//! [`OnceArc`]: an `Arc` that a value publishes at most once, read afterwards with a single
//! atomic load and no reference-count traffic. The socket uses it to move its mode into a
//! cell shared with its `makefile` objects the first time one is made, so that sockets that
//! never make one allocate nothing.
//!
//! It lives in sys/ because its two pointer conversions (`Arc::into_raw` / `from_raw` and
//! the borrow of the pointee) are `unsafe`; nothing here calls C.

use alloc::sync::Arc;
use core::marker::PhantomData;
use core::ptr;
use core::sync::atomic::AtomicPtr;
use core::sync::atomic::Ordering::{AcqRel, Acquire};

/// Null, or one strong reference of an `Arc<T>` (from `Arc::into_raw`) that this value owns
/// and releases when dropped. Once set it never changes, so a `&T` borrowed from it lives as
/// long as the `&self` it was borrowed through.
pub struct OnceArc<T> {
    ptr: AtomicPtr<T>,
    _owns: PhantomData<Arc<T>>,
}

// SAFETY: OnceArc<T> behaves as an Option<Arc<T>> that is set at most once through an
// atomic: it is Send and Sync exactly when Arc<T> is (T: Send + Sync).
unsafe impl<T: Send + Sync> Send for OnceArc<T> {}
// SAFETY: as above; shared access hands out &T only (T: Sync) and Arc clones (T: Send + Sync).
unsafe impl<T: Send + Sync> Sync for OnceArc<T> {}

impl<T> OnceArc<T> {
    /// Not set.
    pub const fn new() -> Self {
        OnceArc { ptr: AtomicPtr::new(ptr::null_mut()), _owns: PhantomData }
    }

    /// Already set to `arc`.
    pub fn with(arc: Arc<T>) -> Self {
        OnceArc { ptr: AtomicPtr::new(Arc::into_raw(arc).cast_mut()), _owns: PhantomData }
    }

    /// The value, if set. One acquire load.
    #[inline]
    pub fn get(&self) -> Option<&T> {
        let p = self.ptr.load(Acquire);
        // SAFETY: a non-null pointer came from Arc::into_raw (with or publish) and self owns
        // that strong reference until it is dropped, which needs &mut self; the pointer never
        // changes once set. So the pointee lives at least as long as this borrow of self.
        // The acquire load pairs with the release of the publishing exchange.
        unsafe { p.as_ref() }
    }

    /// A new strong reference to the value, if set.
    pub fn get_arc(&self) -> Option<Arc<T>> {
        let p = self.ptr.load(Acquire);
        if p.is_null() {
            return None;
        }
        // SAFETY: p came from Arc::into_raw and the strong reference self owns keeps the
        // allocation alive while we add one more.
        unsafe { Arc::increment_strong_count(p) };
        // SAFETY: we just added the strong reference this from_raw takes over.
        Some(unsafe { Arc::from_raw(p) })
    }

    /// Set the value to `arc` unless it is already set; returns the value that is set
    /// (`arc`, or the earlier one, in which case `arc` is dropped).
    pub fn publish(&self, arc: Arc<T>) -> Arc<T> {
        let new = Arc::into_raw(Arc::clone(&arc)).cast_mut();
        match self.ptr.compare_exchange(ptr::null_mut(), new, AcqRel, Acquire) {
            Ok(_) => arc,
            Err(_) => {
                // SAFETY: `new` came from Arc::into_raw just above and was not stored.
                drop(unsafe { Arc::from_raw(new) });
                self.get_arc().unwrap_or(arc)
            }
        }
    }
}

impl<T> Default for OnceArc<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for OnceArc<T> {
    fn drop(&mut self) {
        let p = *self.ptr.get_mut();
        if !p.is_null() {
            // SAFETY: p came from Arc::into_raw and self owned that strong reference; nothing
            // can use it after this (we have &mut self).
            drop(unsafe { Arc::from_raw(p) });
        }
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for OnceArc<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("OnceArc").field(&self.get()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Counted<'a>(&'a AtomicUsize);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.fetch_add(1, Relaxed);
        }
    }

    #[test]
    fn set_once_read_and_released() {
        let drops = AtomicUsize::new(0);
        {
            let o = OnceArc::new();
            assert!(o.get().is_none() && o.get_arc().is_none());
            let a = o.publish(Arc::new(Counted(&drops)));
            assert_eq!(Arc::strong_count(&a), 2);
            let b = o.publish(Arc::new(Counted(&drops))); // loses: dropped at once
            assert_eq!(drops.load(Relaxed), 1);
            assert!(Arc::ptr_eq(&a, &b));
            assert!(core::ptr::eq(o.get().unwrap(), &*a));
            let c = OnceArc::with(Arc::clone(&a));
            assert!(Arc::ptr_eq(&c.get_arc().unwrap(), &a));
            drop((a, b, c));
            assert_eq!(drops.load(Relaxed), 1); // o still holds it
        }
        assert_eq!(drops.load(Relaxed), 2);
    }
}
