package peer

import (
	"errors"

	"github.com/mutual-coop/mutual/sync/invite"
)

var (
	// ErrConfig means New was given an unusable configuration.
	ErrConfig = errors.New("invalid node configuration")
	// ErrClosed means the node was closed.
	ErrClosed = errors.New("node is closed")
	// ErrNotMutualPeer means a peer ID does not carry an Ed25519 device key.
	ErrNotMutualPeer = errors.New("not a Mutual peer")
	// ErrNotMember means the peer is not an active member of any co-op both
	// sides serve: nothing is sent to it.
	ErrNotMember = errors.New("peer is not an active member of a co-op this node serves")
	// ErrUnknownCoop means the node does not serve the named co-op.
	ErrUnknownCoop = errors.New("co-op is not served by this node")
	// ErrNotAdmin means this device may not invite: only admins can sign the
	// roster entry that admits a new member.
	ErrNotAdmin = errors.New("only an admin of the co-op can invite")
	// ErrAlreadyMember means a join was attempted into a co-op this device
	// already belongs to.
	ErrAlreadyMember = errors.New("already a member of this co-op")

	// ErrMalformedInvite means the text is not a valid invite code.
	ErrMalformedInvite = invite.ErrMalformed
	// ErrInviteExpired means the invite's expiry has passed.
	ErrInviteExpired = invite.ErrExpired
	// ErrInviteUsed means someone already joined with this invite.
	ErrInviteUsed = errors.New("invite has already been used")
	// ErrInviteRevoked means the inviter revoked the invite.
	ErrInviteRevoked = errors.New("invite was revoked")
	// ErrInviteUnknown means the inviter has no record of the invite (or the
	// secret does not match it).
	ErrInviteUnknown = errors.New("invite is not known to the inviter")
	// ErrRateLimited means the inviter is refusing join attempts for now.
	ErrRateLimited = errors.New("too many join attempts: try again in a minute")
	// ErrJoinRefused means the inviter refused the join for another reason
	// (its roster could not be changed, or it sent an invalid roster).
	ErrJoinRefused = errors.New("join refused")
)
