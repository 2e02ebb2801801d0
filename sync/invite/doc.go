// Package invite encodes and decodes Mutual invite codes.
//
// An invite code is one line of text that an admin hands to a future member
// (read aloud, pasted into a chat, or shown as a QR code). It carries what the
// newcomer's machine needs to reach the inviter and prove it was invited:
//
//	mutual1:<base64url, no padding>
//
// The prefix names the format version; a later format gets a new prefix so an
// old Mutual says "made by a newer version" instead of misreading it. The
// payload is a sequence of fields, each a uvarint length followed by bytes:
//
//	coop ID, coop name, inviter peer ID (binary), number of addresses (uvarint),
//	each address (binary multiaddr, length-prefixed), secret (32 bytes),
//	expiry (uvarint Unix seconds)
//
// followed by the first 4 bytes of SHA-256 over everything before them, so a
// mistyped or truncated code is reported as malformed rather than failing
// later with a confusing network error.
//
// The secret is a one-time password: the inviter keeps only its hash (see
// SecretHash) and the invite's ID (see ID), never the secret itself, so a
// copy of the inviter's data directory cannot be used to join.
package invite
