//! Python conformance: CPython's observable socket behaviour, line by line (codes A1…I34),
//! what bsdsock does for each line, and the test that checks it.
//!
//! The docs of other items cite these codes, e.g. [C3](crate::conformance#C3): each code
//! links to its row below, and the row's code links to CPython's behaviour at the end of
//! this page. The same text is `tests/CONFORMANCE.md` in the package.
//!
#![doc = include_str!("../tests/CONFORMANCE.md")]
