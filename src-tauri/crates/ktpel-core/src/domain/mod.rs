//! The domain of the print desk: code lists, identifiers and the approved request, all validated
//! here once so that nothing downstream (store, card, register) ever sees an unchecked value.

pub mod codes;
pub mod nik;
pub mod request;
pub mod fields;

pub use codes::{Channel, Service};
pub use request::{ApprovedRequest, Person, Requirements};
