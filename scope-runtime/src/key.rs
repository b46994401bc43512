//! Keys: the zero-sized grants a `Client<K>` carries, and the proofs over them.
//!
//! A key is a list of the scopes it holds, [`Cons`]`<`[`Scope`]`<P, H>, ...>` ending in
//! [`Nil`]: each scope by its place in the client's table (`P`, hexadecimal digits
//! [`X0`]…[`XF`] ending in [`End`]) and the 128-bit hash of its name (`H`, which lets the
//! client check a key against its own table). [`All`] is a key created without scopes, which
//! reaches every operation, and [`Unverified`] the grant of a client nothing has vouched for.
//!
//! Every impl that proves something about a key is here, structural over the key's shape, and
//! every key type is this crate's. So a crate that uses a generated client, the crate that
//! generates it included, cannot add a proof: an impl of this crate's traits for these types
//! is a foreign impl (the orphan rule refuses it), and an impl of a client's own proof trait
//! (`scopes::DeletePoliciesAdmin`) for a key overlaps the client's blanket impl, which the
//! compiler cannot rule out for a type and trait of another crate. Privacy seals nothing here
//! that the orphan rule does not: [`Key`]'s private supertrait only keeps types of other
//! crates out of the keys (a type of one's own could implement the lookup traits).
//!
//! How a client proves a scope: its proof trait is implemented for every key that [`Has`] the
//! scope's place; `Has<P>` holds where [`Lookup`]`<P>` answers [`Yes`]. Where it answers
//! [`No`], the failing obligation is about the key itself (`K: Holds<No>`), so rustc reports
//! the client's own message for the scope; for [`Unverified`] it answers [`NeverTrusted`],
//! whose failure is reported with the message that the client was never trusted.

use std::convert::Infallible;
use std::marker::PhantomData;

/// A key created without scopes: it reaches every operation, unscoped ones included.
pub enum All {}

/// The grant of a client that nothing has vouched for: it proves no scope, and every
/// operation called on it says so ("this client was never trusted").
pub enum Unverified {}

/// The end of a key's list of scopes.
pub enum Nil {}

/// A key's list of scopes: `S` (a [`Scope`]), then the rest.
pub struct Cons<S, T>(PhantomData<fn() -> (S, T)>, Infallible);

/// A scope of a key: its place `P` in the client's table and the hash `H` of its name.
pub struct Scope<P, const H: u128>(PhantomData<fn() -> P>, Infallible);

/// The end of a place.
pub enum End {}

/// The answer of a [`Lookup`]: the key holds the scope.
pub enum Yes {}

/// The answer of a [`Lookup`]: the key does not hold the scope.
pub enum No {}

/// The answer of a [`Lookup`] on [`Unverified`]: nothing vouched for the key.
pub enum NeverTrusted {}

macro_rules! digits {
    ($($digit:ident $value:literal),*) => {$(
        #[doc = concat!("The hexadecimal digit ", stringify!($value), " of a place, then the rest of it.")]
        pub struct $digit<P>(PhantomData<fn() -> P>, Infallible);

        impl<P: Place> sealed::Place for $digit<P> {}

        impl<P: Place> Place for $digit<P> {
            const INDEX: usize = $value * 16usize.pow(P::DIGITS) + P::INDEX;
            const DIGITS: u32 = P::DIGITS + 1;
        }

        impl<P> Same<End> for $digit<P> {
            type Out = No;
        }

        impl<P> Same<$digit<P>> for End {
            type Out = No;
        }
    )*};
}

digits!(
    X0 0, X1 1, X2 2, X3 3, X4 4, X5 5, X6 6, X7 7, X8 8, X9 9, XA 10, XB 11, XC 12, XD 13,
    XE 14, XF 15
);

/// [`Yes`] for two equal digits, [`No`] otherwise: matched on the tokens.
macro_rules! equal {
    (X0 X0) => {
        Yes
    };
    (X1 X1) => {
        Yes
    };
    (X2 X2) => {
        Yes
    };
    (X3 X3) => {
        Yes
    };
    (X4 X4) => {
        Yes
    };
    (X5 X5) => {
        Yes
    };
    (X6 X6) => {
        Yes
    };
    (X7 X7) => {
        Yes
    };
    (X8 X8) => {
        Yes
    };
    (X9 X9) => {
        Yes
    };
    (XA XA) => {
        Yes
    };
    (XB XB) => {
        Yes
    };
    (XC XC) => {
        Yes
    };
    (XD XD) => {
        Yes
    };
    (XE XE) => {
        Yes
    };
    (XF XF) => {
        Yes
    };
    ($a:ident $b:ident) => {
        No
    };
}

/// Whether two places are the same: every pair of leading digits, then the rest.
macro_rules! same {
    ($($a:ident)*) => {
        same!(@rows [$($a)*] [$($a)*]);
    };
    (@rows [$($a:ident)*] $all:tt) => {
        $(same!(@row $a $all);)*
    };
    (@row $a:ident [$($b:ident)*]) => {$(
        impl<P: Same<Q>, Q> Same<$b<Q>> for $a<P> {
            type Out = <equal!($a $b) as Then<P::Out>>::Out;
        }
    )*};
}

same!(X0 X1 X2 X3 X4 X5 X6 X7 X8 X9 XA XB XC XD XE XF);

/// `Yes` then `Rest`: `Rest`; `No` then anything: `No`.
pub trait Then<Rest> {
    /// The answer.
    type Out;
}

impl<Rest> Then<Rest> for Yes {
    type Out = Rest;
}

impl<Rest> Then<Rest> for No {
    type Out = No;
}

mod sealed {
    /// Implemented by this crate's key types only.
    pub trait Key {}
    /// Implemented by this crate's place types only.
    pub trait Place {}
}

/// A place in a client's table: hexadecimal digits, most significant first, ending in [`End`].
pub trait Place: sealed::Place + 'static {
    /// The slot it names.
    const INDEX: usize;
    /// How many digits it has.
    const DIGITS: u32;
}

impl sealed::Place for End {}

impl Place for End {
    const INDEX: usize = 0;
    const DIGITS: u32 = 0;
}

/// Whether two places are the same: [`Yes`] or [`No`].
pub trait Same<Q> {
    /// The answer.
    type Out;
}

impl Same<End> for End {
    type Out = Yes;
}

/// A grant: which scopes the holder of a `Client<K>` may use. Implemented by this crate's key
/// types only; `'static`, `Send` and `Sync`, so that a client with any grant moves into
/// spawned tasks.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a grant",
    note = "grants are made by `trust_key_scopes!` at the program's entry point and by `#[requires_scope]`"
)]
pub trait Key: sealed::Key + Send + Sync + 'static {
    /// Whether the key was created without scopes (and so reaches every operation).
    const UNSCOPED_KEY: bool;
    /// Whether the key holds the scope at `slot` of the client's table.
    fn holds(slot: usize) -> bool;
}

impl sealed::Key for Nil {}

impl Key for Nil {
    const UNSCOPED_KEY: bool = false;
    fn holds(_: usize) -> bool {
        false
    }
}

impl<P: Place, const H: u128, T: Key> sealed::Key for Cons<Scope<P, H>, T> {}

impl<P: Place, const H: u128, T: Key> Key for Cons<Scope<P, H>, T> {
    const UNSCOPED_KEY: bool = false;
    fn holds(slot: usize) -> bool {
        P::INDEX == slot || T::holds(slot)
    }
}

impl sealed::Key for All {}

impl Key for All {
    const UNSCOPED_KEY: bool = true;
    fn holds(_: usize) -> bool {
        true
    }
}

impl sealed::Key for Unverified {}

impl Key for Unverified {
    const UNSCOPED_KEY: bool = false;
    fn holds(_: usize) -> bool {
        false
    }
}

/// Whether a key holds the scope at place `Q`: [`Yes`], [`No`], or [`NeverTrusted`].
pub trait Lookup<Q> {
    /// The answer.
    type Out;
}

impl<Q> Lookup<Q> for Nil {
    type Out = No;
}

impl<Q> Lookup<Q> for All {
    type Out = Yes;
}

impl<Q> Lookup<Q> for Unverified {
    type Out = NeverTrusted;
}

impl<P: Same<Q>, const H: u128, T: Lookup<Q>, Q> Lookup<Q> for Cons<Scope<P, H>, T>
where
    P::Out: Or<T::Out>,
{
    type Out = <P::Out as Or<T::Out>>::Out;
}

/// Either answer: [`Yes`] if one is.
pub trait Or<B> {
    /// The answer.
    type Out;
}

impl<B> Or<B> for Yes {
    type Out = Yes;
}

impl<B> Or<B> for No {
    type Out = B;
}

impl<B> Or<B> for NeverTrusted {
    type Out = NeverTrusted;
}

/// Both answers: [`Yes`] if both are.
pub trait And<B> {
    /// The answer.
    type Out;
}

impl<B> And<B> for Yes {
    type Out = B;
}

impl<B> And<B> for No {
    type Out = No;
}

impl<B> And<B> for NeverTrusted {
    type Out = NeverTrusted;
}

/// Reported where a client that nothing vouched for calls an operation.
#[diagnostic::on_unimplemented(
    message = "this client was never trusted: a client from `Client::new` can call no operation",
    label = "called on a client that `trust_key_scopes!` never vouched for",
    note = "at the program's entry point, vouch for the API key's scopes: `let client = trust_key_scopes!(Client::new(transport), \"read:...\", ...);`, or pass the client to a `#[requires_scope]` function from a caller that has one"
)]
pub trait Trusted<K: ?Sized> {}

/// Holds for the answer [`Yes`] (and never for [`No`]): the last step of a proof, about the key
/// itself, so that rustc reports the failure with the client's message for the scope. Where
/// rustc reports this step itself (it repeats an async function's failed bound at the call's
/// arguments and its `.await`), the message says where the scope is named.
#[diagnostic::on_unimplemented(
    message = "a scope this call needs is not declared for it",
    label = "the grant here does not hold a scope this call needs",
    note = "the error at this call's name says which scope, and where to declare it"
)]
pub trait Holds<A> {}

impl<K: ?Sized> Holds<Yes> for K {}

impl<K: ?Sized> Holds<NeverTrusted> for K where NeverTrusted: Trusted<K> {}

/// A key that holds the scope at place `Q`: what a client's proof trait for that scope rests on.
pub trait Has<Q>: Key {}

impl<K: Key + Lookup<Q>, Q> Has<Q> for K where K: Holds<<K as Lookup<Q>>::Out> {}

/// A requirement with alternatives, as a formula over places: [`AnyOf`] of [`AllOf`] lists
/// of places, each list ending in [`Nil`].
pub trait Formula<K> {
    /// What the key answers.
    type Out;
}

/// One of these alternatives (a list of [`AllOf`] ending in [`Nil`]).
pub struct AnyOf<A, Rest>(PhantomData<fn() -> (A, Rest)>, Infallible);

/// All of these places (ending in [`Nil`]).
pub struct AllOf<Q, Rest>(PhantomData<fn() -> (Q, Rest)>, Infallible);

impl<K> Formula<K> for Nil {
    type Out = No;
}

impl<K, A: Conjunction<K>, Rest: Formula<K>> Formula<K> for AnyOf<A, Rest>
where
    A::Out: Or<Rest::Out>,
{
    type Out = <A::Out as Or<Rest::Out>>::Out;
}

/// The conjunction half of a [`Formula`].
pub trait Conjunction<K> {
    /// What the key answers.
    type Out;
}

impl<K> Conjunction<K> for Nil {
    type Out = Yes;
}

impl<K: Lookup<Q>, Q, Rest: Conjunction<K>> Conjunction<K> for AllOf<Q, Rest>
where
    K::Out: And<Rest::Out>,
{
    type Out = <K::Out as And<Rest::Out>>::Out;
}

/// A key that satisfies the formula `F`: what a client's alternatives trait rests on.
pub trait Satisfies<F>: Key {}

impl<K: Key, F: Formula<K>> Satisfies<F> for K where K: Holds<F::Out> {}

/// A key every scope of which the grant `G` holds: what narrowing a `Client<G>` to a
/// `Client<K>` requires.
pub trait Within<G> {}

impl<G> Within<G> for Nil {}

impl<G: Has<P>, P, const H: u128, T: Within<G>> Within<G> for Cons<Scope<P, H>, T> {}

impl Within<All> for All {}

/// The grant of a client that `trust_key_scopes!` may still vouch for: [`Unverified`] only.
#[diagnostic::on_unimplemented(
    message = "`trust_key_scopes!` cannot widen a client that already carries a grant",
    label = "this client is already narrowed",
    note = "trust the key once, on the client that `Client::new` returns, at the program's entry point; a narrowed client can be passed on, never widened"
)]
pub trait Untrusted {}

impl Untrusted for Unverified {}

/// A client's scope table, as its keys are checked against it: for each slot, the hashes of
/// the names it may be listed by (the table's, and other sources' names for it).
pub trait Table {
    /// The hashes, slot by slot.
    const NAMES: &'static [&'static [u128]];
    /// How many digits a place has in this table.
    const DIGITS: u32;
}

/// Whether a key was laid out by the table `T`: each of its scopes at a place of `T` whose
/// names include the scope's hash. A client checks every key it is handed (by
/// `trust_key_scopes!` or `#[requires_scope]`), in constant evaluation, so that a key laid out
/// by another table (one a macro was handed instead of the client's) does not get through.
pub trait Listed<T: Table>: Key {
    /// Whether it was.
    const MATCHES: bool;
}

impl<T: Table> Listed<T> for Nil {
    const MATCHES: bool = true;
}

impl<T: Table> Listed<T> for All {
    const MATCHES: bool = true;
}

impl<T: Table, P: Place, const H: u128, Rest: Listed<T>> Listed<T> for Cons<Scope<P, H>, Rest> {
    const MATCHES: bool = P::DIGITS == T::DIGITS
        && P::INDEX < T::NAMES.len()
        && contains(
            T::NAMES[if P::INDEX < T::NAMES.len() {
                P::INDEX
            } else {
                0
            }],
            H,
        )
        && Rest::MATCHES;
}

const fn contains(hashes: &[u128], hash: u128) -> bool {
    let mut i = 0;
    while i < hashes.len() {
        if hashes[i] == hash {
            return true;
        }
        i += 1;
    }
    false
}
