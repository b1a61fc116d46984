//! The upstream feed: the HTTP client of the contract and one synchronisation round (pull pages of
//! approved requests through the import's validation; push the due status messages).

pub mod client;
pub mod sync;
