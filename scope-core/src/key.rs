//! How a key names the scopes it holds, the one rule that the generator (the client's proof
//! traits and its table) and the macros (`#[requires_scope]`'s and `trust_key_scopes!`'s
//! keys) follow: `scope_runtime::key::Cons<Scope<P, H>, ...>`, each scope by its place `P` in
//! the client's table (its slot as hexadecimal digits, most significant first, all places of a
//! client having the same number of digits) and the hash `H` of the name it was written as.
//!
//! The macros read the table through a path the user's code supplies, so the place they give
//! a name can be wrong; the hash is of the name as written in the attribute or the list, and the
//! client checks each scope of every key it is handed against its own table: the names it
//! accepts at that place must include the hash (`scope_runtime::key::Listed`).

/// How many hexadecimal digits a place has in a table of `slots` slots (at least one).
pub fn digits(slots: usize) -> u32 {
    let mut digits = 1;
    while 16usize.pow(digits) < slots {
        digits += 1;
    }
    digits
}

/// The digits of `slot`'s place, most significant first: `[0x1, 0xc]` for slot 28 of 200.
pub fn place(slot: usize, digits: u32) -> Vec<u8> {
    (0..digits)
        .rev()
        .map(|d| (slot / 16usize.pow(d) % 16) as u8)
        .collect()
}

/// The type of `slot`'s place, as text relative to the runtime's key module `module`:
/// `k::X1<k::XC<k::End>>`.
pub fn place_type(module: &str, slot: usize, digits: u32) -> String {
    let mut out = String::new();
    let places = place(slot, digits);
    for d in &places {
        out.push_str(&format!("{module}::X{d:X}<"));
    }
    out.push_str(&format!("{module}::End"));
    out.push_str(&">".repeat(places.len()));
    out
}

/// The hash of a scope name as a key carries it: the first 128 bits of its SHA-256. (For the
/// slot of unscoped operations, of [`crate::UNSCOPED`].) A key whose name was forged to sit at
/// another scope's place would need a second preimage of 128 bits.
pub fn name_hash(name: &str) -> u128 {
    let hex = crate::sha256::hex(name.as_bytes());
    u128::from_str_radix(&hex[..32], 16).expect("SHA-256 is hex")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_have_the_same_number_of_digits_in_a_table() {
        assert_eq!(digits(1), 1);
        assert_eq!(digits(16), 1);
        assert_eq!(digits(17), 2);
        assert_eq!(digits(256), 2);
        assert_eq!(digits(257), 3);
        assert_eq!(place(28, 2), vec![1, 12]);
        assert_eq!(place(3, 1), vec![3]);
        assert_eq!(place_type("k", 28, 2), "k::X1<k::XC<k::End>>");
    }

    #[test]
    fn names_hash_to_distinct_values() {
        assert_ne!(
            name_hash("read:domains:admin"),
            name_hash("delete:policies:admin")
        );
        assert_eq!(name_hash("abc"), 0xba7816bf8f01cfea414140de5dae2223_u128);
    }
}
