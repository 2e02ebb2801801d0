// Package peer is Mutual on the network: one libp2p host per device that
// serves every co-op of a data directory, finds the co-ops' other members,
// and runs sync sessions (package sync/protocol) with them.
//
// # Identity
//
// The host key is the device's Ed25519 key (crdt.Identity), so a peer ID
// names a member: MemberFromPeer and PeerFromMember convert between them, and
// the libp2p security handshake proves a connection's remote holds that
// member's key.
//
// # Members only
//
// Three layers keep co-op data among active members of its roster:
//
//  1. The connection gater (gate.go) admits a secured connection only from a
//     device that is an active member of some co-op served here — or, while
//     an invite is open, from anyone, but such a connection can only use the
//     join protocol and is closed after a grace period.
//  2. Every stream handler checks again, for the co-op the stream names:
//     a non-member's stream is reset before anything is written, so it
//     learns nothing, not even whether the co-op is served here.
//  3. Every write of a sync session re-checks the roster (guardedStream),
//     and a membership refresh, run on every roster change and every second,
//     cancels sessions and closes connections the roster no longer allows.
//     A removed member therefore receives nothing created after the removal
//     from any peer whose roster holds it.
//
// Membership is read from the roster document through a cache keyed by the
// roster's heads, so the checks cost a heads lookup, not a signature check
// per entry. TCP and QUIC both work: no pre-shared key is involved (libp2p
// refuses PSKs on QUIC).
//
// # Protocols
//
// All streams this package opens start with a preamble — a version byte and
// the co-op ID (uvarint length + bytes) — because one host serves several
// co-ops and the responder must pick the replica and roster first.
//
//   - /mutual/sync/1.0.0: preamble, then sync/protocol's session. The side
//     with the smaller member ID opens one live session per shared co-op
//     when members connect; SyncOnce opens a one-off session.
//   - /mutual/pex/1.0.0: peer exchange. Preamble, then one JSON frame with
//     the addresses of the co-op's active members. Members only, and what is
//     learned is kept only for peers that are members by our own roster.
//   - /mutual/join/1.0.0: the join protocol (join.go), the only thing a
//     stranger can reach, and rate-limited per peer and globally.
//
// # Invites
//
// CreateInvite (admins only: the inviter's device signs the roster entry
// admitting the newcomer) returns a code (package sync/invite) holding the
// co-op ID and name, the inviter's peer ID and addresses, a one-time secret
// and an expiry. The inviter keeps the secret's hash, expiry and state in
// the KV store; invites are single-use and revocable. Join dials the
// inviter, sends the secret over the encrypted channel, gets the roster that
// now lists it, and runs a first sync.
//
// A newcomer has no roster, so no member's gater knows it: it reaches the
// inviter directly (on the LAN at a meeting, or at a public address), or
// through a circuit in the code via one of the co-op's always-on nodes,
// which relays a stranger only to a member (whose gate admits strangers only
// while it has an invite open, and then only to the join protocol).
//
// # Finding each other
//
//   - LAN: mDNS with the service name MDNSServiceName(coopID), a hash of the
//     co-op ID, never its name. Found members are connected to at once.
//   - Known peers: addresses learned by identify are kept in the KV store
//     and redialled with exponential backoff.
//   - Peer exchange after each connection to a member.
//   - Relays: Config.Relays and the rosters' registered nodes
//     (SetRegisteredRelays) are members' always-on nodes; the node keeps a
//     circuit relay v2 reservation on each and dials other members through
//     them when direct addresses fail, with DCUtR hole punching enabled. An
//     always-on node (Config.ServeRelay) relays between members of a co-op it
//     serves without data or time limits, and newcomers to members.
//   - Internet (Config.Internet): a DHT client announces and looks up the
//     co-op's rendezvous keys (internet.go), reserves on public relays, and
//     dials found members on public addresses and through shared relays.
//
// # Bookkeeping
//
// The node keeps, in the KV store it is given (the workspace's Badger store):
//
//	peer/<peer ID>      JSON: the addresses the device last listened on (from
//	                    identify), when it was last seen, last sync per co-op
//	invites/<co-op ID>  JSON list: each invite's ID, secret hash, expiry,
//	                    who used it and when, when it was revoked
//
// Nothing contacts the public network unless Config.Internet is set (and a
// co-op's admins leave internet discovery on); NAT port mapping is off unless
// Config.NATPortMap is set.
package peer
