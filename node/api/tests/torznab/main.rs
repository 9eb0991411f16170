//! Torznab through the whole router, against the real PostgreSQL (one database per
//! test) and a real search index: every `t=` function, the items field by field,
//! categories both ways, ids, seasons and episodes, paging, profiles, the API key and
//! the error documents. Requests are the ones Sonarr, Radarr and Prowlarr send.

mod caps;
mod categories;
mod errors;
mod feeds;
mod profiles;
mod search;
mod support;
