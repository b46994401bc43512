//! The compile-time check that a trusted key holds exactly the scopes its
//! `trust_key_scopes!` list names, and that the key a `#[requires_scope]` declaration maps to
//! holds exactly the declared scopes.
//!
//! `trust_key_scopes!` reads the client's scope table through a path the user's code supplies,
//! so a table of one's own could lay the key out differently from the client (the list says
//! `read:domains:admin`, the key holds the slot of `delete:policies:admin`). The client
//! therefore checks every key it is given against the listed *names*, with its own table: each
//! key type carries its slots as bits ([`from_bools`], [`join`]), the list's names are checked
//! at the client's slots by [`claimed`], and [`same`] compares them, all in constant evaluation, so
//! a mismatch is a build error at the trust site. Exact bits rather than a hash of them: a
//! hash of hundreds of slots could be made to collide.
//!
//! A key laid out as a tree has its shape checked the same way ([`join`] builds it in
//! pre-order): the proof traits find a slot by its place in the client's shape, the bits by
//! counting leaves, and the two agree only on that shape.
//!
//! The bits are `[u64; W]`, `W` words for the client's slots, least significant bit first.

use crate::Scope;

/// Slots `0..held.len()` as bits, set where `held` is true.
pub const fn from_bools<const W: usize>(held: &[bool]) -> [u64; W] {
    let mut out = [0u64; W];
    let mut slot = 0;
    while slot < held.len() && slot < W * 64 {
        if held[slot] {
            out[slot / 64] |= 1 << (slot % 64);
        }
        slot += 1;
    }
    out
}

/// The bits of `left` (slots `0..left_len`) followed by those of `right`: a node of a key laid
/// out as a tree, whose left subtree holds `left_len` slots.
pub const fn join<const W: usize>(left: [u64; W], left_len: usize, right: [u64; W]) -> [u64; W] {
    let mut out = left;
    let mut slot = 0;
    while slot + left_len < W * 64 {
        if right[slot / 64] >> (slot % 64) & 1 == 1 {
            let to = slot + left_len;
            out[to / 64] |= 1 << (to % 64);
        }
        slot += 1;
    }
    out
}

/// Whether two keys' bits are equal.
pub const fn same<const W: usize>(a: &[u64; W], b: &[u64; W]) -> bool {
    let mut word = 0;
    while word < W {
        if a[word] != b[word] {
            return false;
        }
        word += 1;
    }
    true
}

/// The bits a key must hold for a list of scopes whose slots the caller (the expansion, by the
/// table it read) claims: each `names[i]` at `slots[i]` of `all`, checked (the name is the scope
/// there, or `aliases` gives it as another source's name for it), plus the unscoped slot
/// (after `all`'s) for `unscoped_slot`, or every one of the `total` slots for a key created
/// without scopes (`unscoped_key`). `None` when a claim is wrong: a table that gave a name
/// another slot than the client's does not get through. One comparison a name, not one a name
/// and scope of the table, since every `#[requires_scope]` expansion makes this check.
pub const fn claimed<const W: usize>(
    all: &[Scope],
    aliases: &[(&str, &str)],
    names: &[&str],
    slots: &[usize],
    unscoped_key: bool,
    unscoped_slot: bool,
    total: usize,
) -> Option<[u64; W]> {
    if names.len() != slots.len() {
        return None;
    }
    let mut out = [0u64; W];
    let mut i = 0;
    while i < names.len() {
        let slot = slots[i];
        if slot >= all.len() || slot >= W * 64 {
            return None;
        }
        if !str_eq(names[i], all[slot].name) && !is_alias(aliases, names[i], all[slot].name) {
            return None;
        }
        out[slot / 64] |= 1 << (slot % 64);
        i += 1;
    }
    let mut slot = if unscoped_key { 0 } else { all.len() };
    while slot < total && slot < W * 64 {
        if unscoped_slot || unscoped_key {
            out[slot / 64] |= 1 << (slot % 64);
        }
        slot += 1;
    }
    Some(out)
}

/// Whether `other` is listed as another source's name for `scope`.
const fn is_alias(aliases: &[(&str, &str)], other: &str, scope: &str) -> bool {
    let mut a = 0;
    while a < aliases.len() {
        if str_eq(aliases[a].0, other) && str_eq(aliases[a].1, scope) {
            return true;
        }
        a += 1;
    }
    false
}

/// `a == b`, in constant evaluation.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn scope(name: &'static str) -> Scope {
        Scope {
            name,
            summary: "",
            description: "",
        }
    }

    const ALL: &[Scope] = &[scope("a:x"), scope("b:x"), scope("c:x")];

    #[test]
    fn bools_and_joins_lay_slots_out_in_order() {
        let left: [u64; 2] = from_bools(&[true, false, true]);
        let right: [u64; 2] = from_bools(&[false, true]);
        assert_eq!(
            join(left, 3, right),
            from_bools(&[true, false, true, false, true])
        );
        // Across a word boundary.
        let left: [u64; 2] = from_bools(&[false; 63]);
        let right: [u64; 2] = from_bools(&[true, true]);
        assert_eq!(join(left, 63, right), [1 << 63, 1]);
    }

    #[test]
    fn claimed_slots_are_checked_against_the_names() {
        let aliases = &[("old:b", "b:x")];
        // A name and an alias at their slots; the unscoped slot (3) is not held.
        let got: Option<[u64; 1]> =
            claimed(ALL, aliases, &["c:x", "old:b"], &[2, 1], false, false, 4);
        assert_eq!(got, Some(from_bools(&[false, true, true, false])));
        // A key created without scopes holds every slot.
        let all: Option<[u64; 1]> = claimed(ALL, aliases, &[], &[], true, false, 4);
        assert_eq!(all, Some([0b1111]));
        // A name claimed at another scope's slot, a slot out of range, a length mismatch.
        let wrong: Option<[u64; 1]> = claimed(ALL, aliases, &["c:x"], &[0], false, false, 4);
        assert_eq!(wrong, None);
        let out: Option<[u64; 1]> = claimed(ALL, aliases, &["c:x"], &[7], false, false, 4);
        assert_eq!(out, None);
        let short: Option<[u64; 1]> = claimed(ALL, aliases, &["c:x"], &[], false, false, 4);
        assert_eq!(short, None);
        let unscoped: Option<[u64; 1]> = claimed(ALL, aliases, &["a:x"], &[0], false, true, 4);
        assert_eq!(unscoped, Some([0b1001]));
    }

    #[test]
    fn keys_differ_in_any_slot() {
        let a: [u64; 2] = from_bools(&[true, false]);
        let mut b = a;
        assert!(same(&a, &b));
        b[1] = 1;
        assert!(!same(&a, &b));
        assert!(str_eq("read:x", "read:x") && !str_eq("read:x", "read:y") && !str_eq("a", "ab"));
    }
}
