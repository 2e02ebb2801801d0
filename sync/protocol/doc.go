// Package protocol is Mutual's sync protocol, /mutual/sync/1.0.0: one
// session per peer over one bidirectional stream (a libp2p stream in the
// app, a TCP connection or net.Pipe in tests), carrying every document of a
// co-op. It knows nothing of libp2p, storage or the window: sync/peer opens
// the streams, the workspace implements Replica.
//
// # Cost scales with what changed
//
// The initial sync runs in legs that alternate between the peers, the
// dialing side first; a leg is a run of frames ended by TURN.
//
//  1. HELLO: version, co-op ID, a SHA-256 digest over every (document ID,
//     heads hash) held, and the document count. Equal digests: in step
//     after one round trip, whatever the number of documents.
//  2. BUCKETS (responder): 2^k 8-byte digests (k ≤ 8, about four documents
//     per bucket) of the documents grouped by hash of their ID.
//  3. DIFF + LIST (initiator): which buckets differ, and its documents in
//     them as (ID, 8-byte heads hash); documents in buckets the responder
//     has empty go whole at once. LIST entries number a ref table, so later
//     frames name a document in one or two bytes instead of its 26-byte ID.
//  4. The responder sends whole the documents the initiator lacks (DOC, the
//     saved bytes: cheaper than replaying every change), asks for the ones
//     it lacks (WANT), and opens the Automerge sync protocol (SYNC) for
//     every document whose heads differ — all documents in the same leg.
//  5. Later legs carry the next Automerge message of every document still
//     out of step, pipelined. Each SYNC carries a hash of the sender's
//     heads after generating it, so the receiver can tell it has caught up
//     without one more acknowledgement leg. A leg with no SYNC and no WANT is
//     marked done and the peer does not answer it.
//
// Automerge sync states are kept per (peer, document) in the Replica, so a
// reconnect only exchanges changes made since the last session.
//
// After the initial sync, a session both sides opened with Live stays open:
// local changes (Replica.Subscribe) are pushed as Automerge messages, or
// whole for a document the peer does not hold yet; PING keeps an idle
// stream inside the read deadline.
//
// # Wire format
//
// A frame is a uvarint length (of what follows, at least 1), one type byte
// and a payload. Integers are minimal uvarints, IDs are uvarint-length
// strings that must look like crdt.NewID's. A ref is a uvarint: 0 followed
// by an ID, or n > 0 for entry n-1 of the ref table.
//
//	1  HELLO     uvarint version, ID coop, [32]byte digest, uvarint count, byte flags (1 = live)
//	2  BUCKETS   byte k, 2^k × [8]byte digest (all zero: empty bucket)
//	3  DIFF      byte k, bitmap of 2^k bits (bit i of byte i/8 = bucket i differs)
//	4  LIST      uvarint n, n × (ID, [8]byte heads hash)
//	5  ANNOUNCE  uvarint number of DOC frames that follow (progress)
//	6  DOC       ref, saved document bytes (rest of the frame)
//	7  SYNC      ref, [8]byte sender's heads hash, Automerge sync message (rest)
//	8  WANT      uvarint n, n × ref
//	9  TURN      byte flags (1 = done)
//	10 PING      empty
//
// # Safety
//
// Every read has a deadline; frames longer than Options.MaxFrame, unknown
// types, non-minimal or truncated integers and trailing bytes are errors
// (ErrMalformed, ErrFrameTooLarge) that end the session and close the
// stream; the caller goes on serving other peers. A document received whole
// must load, belong to the session's co-op and carry the announced ID, or it
// is refused and logged (ErrRefusedDoc) while the session goes on. The
// remote's membership is checked from the Replica's roster before the first
// byte is sent — a non-member learns nothing, not even document IDs or
// counts — and again whenever the roster changes, so a member removed
// mid-session receives nothing more. docs/PROTOCOL.md has the full design.
package protocol
