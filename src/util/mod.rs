//! Small helpers every stage uses, each hand-written because no crate does exactly this job:
//! month-precision dates, Chinese number formatting (万/亿), one markup escaper, CSV with a BOM and a
//! formula guard, the build's progress spinner and "did you mean" suggestions. Each module says why it is not a crate.

pub mod active;
pub mod csv;
pub mod date;
pub mod escape;
pub mod format;
pub mod progress;
pub mod suggest;
