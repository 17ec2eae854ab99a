//! The case table, grouped by area.

mod bitmaps;
mod connection;
mod errors;
mod hashes;
mod keys;
mod lists;
mod server;
mod sets;
mod sort;
mod strings;
mod transactions;
mod zsets;

use crate::case::Case;

/// Every case. `port` is the server's port, which INFO must report.
pub fn all(port: u16) -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(connection::cases());
    cases.extend(strings::cases());
    cases.extend(bitmaps::cases());
    cases.extend(keys::cases());
    cases.extend(lists::cases());
    cases.extend(hashes::cases());
    cases.extend(zsets::cases());
    cases.extend(sets::cases());
    cases.extend(sort::cases());
    cases.extend(transactions::cases());
    cases.extend(server::cases(port));
    cases.extend(errors::command_errors());
    cases.extend(errors::protocol_errors());
    cases
}

#[cfg(test)]
mod tests {
    use super::all;
    use std::collections::HashSet;

    #[test]
    fn case_names_are_unique_and_tables_build() {
        let cases = all(6379);
        let mut seen = HashSet::new();
        for c in &cases {
            assert!(
                seen.insert(c.name.clone()),
                "duplicate case name {}",
                c.name
            );
            assert!(!c.steps.is_empty(), "case {} has no steps", c.name);
        }
        assert!(cases.len() > 50);
    }
}
