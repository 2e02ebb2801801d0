// Package crdt holds Mutual's co-op documents — roster, proposal, schedule and
// agreement — as Automerge CRDTs, and the co-op's rules over them: who is a
// member and with which role, how a proposal is tallied, which shifts conflict,
// what text was ratified.
//
// It is the only package in Mutual that imports automerge-go. It does no I/O:
// callers hand it bytes and a clock, and get bytes, values and errors back.
// Every value read from a document is checked, because a document may have been
// written by another member's machine, by another Automerge implementation, or
// by a hostile peer; a malformed document yields an error, never a panic.
//
// Authority is enforced when reading, not when writing: any member's machine can
// write any change into a CRDT, so roster entries and stances carry Ed25519
// signatures and are ignored (and reported) when they do not verify.
package crdt
