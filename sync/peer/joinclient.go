package peer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peerstore"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// Join uses an invite code: it dials the inviter, proves the secret, is
// added to the roster under name, stores the roster in the replica that
// newReplica makes for the co-op (the workspace's empty container for it),
// serves that co-op from now on, and syncs everything from the inviter
// before returning the co-op ID.
//
// An expired, used, revoked or malformed code gives an error wrapping
// ErrInviteExpired, ErrInviteUsed, ErrInviteRevoked or ErrMalformedInvite;
// ErrInviteUnknown if the inviter has no such invite. If the join succeeded
// but the first sync failed, the co-op ID is returned with the error: the
// member is in, and sync is retried like any other.
func (n *Node) Join(ctx context.Context, code, name string, newReplica func(coopID string) (protocol.Replica, error)) (string, error) {
	if n.isClosed() {
		return "", ErrClosed
	}
	inv, err := ParseInvite(code)
	if err != nil {
		return "", fmt.Errorf("invite code: %w", err)
	}
	if err := inv.CheckExpiry(n.o.Now()); err != nil {
		return "", err
	}
	name, err = cleanName(name)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if newReplica == nil {
		return "", fmt.Errorf("join needs a replica constructor: %w", ErrConfig)
	}
	if c := n.coop(inv.Coop); c != nil && c.isActive(n.me) {
		return "", fmt.Errorf("co-op %q: %w", inv.CoopName, ErrAlreadyMember)
	}
	if inv.Inviter == n.host.ID() {
		return "", fmt.Errorf("this invite was made by this device: %w", ErrConfig)
	}
	inviter, err := MemberFromPeer(inv.Inviter)
	if err != nil {
		return "", fmt.Errorf("invite code: %w: %v", ErrMalformedInvite, err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, joinDialTimeout)
		defer cancel()
	}

	defer n.addJoinTarget(inv.Inviter)()
	if m, err := MemberFromPeer(inv.Inviter); err == nil {
		defer n.sessions.holdForOneOff(sessionKey{inv.Coop, m})()
	}
	// A circuit in the code goes through one of the co-op's always-on
	// nodes: the gate lets this device dial it for the join.
	for _, a := range inv.Addrs {
		if relayID, err := relayOf(a); err == nil && isCircuit(a) {
			defer n.addJoinTarget(relayID)()
		}
	}
	roster, err := n.requestJoin(ctx, inv, name)
	if err != nil {
		return "", err
	}
	if err := checkJoinRoster(roster, inv, n.me, inviter); err != nil {
		return "", err
	}
	c, err := n.adoptRoster(inv.Coop, roster, newReplica)
	if err != nil {
		return "", err
	}
	n.book.setAddrs(inv.Inviter, inv.Addrs)
	n.log.Info("joined co-op", "coop", inv.Coop, "name", inv.CoopName)
	if _, err := n.syncWith(ctx, inv.Inviter, c, false); err != nil {
		return inv.Coop, fmt.Errorf("joined %q, but the first sync failed (it will be retried): %w", inv.CoopName, err)
	}
	return inv.Coop, nil
}

// requestJoin runs the join protocol with the inviter and returns the roster
// it sent.
func (n *Node) requestJoin(ctx context.Context, inv Invite, name string) (*crdt.Roster, error) {
	s, err := n.openJoin(ctx, inv)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	deadline := time.Now().Add(handshakeTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = s.SetDeadline(deadline)
	req, err := json.Marshal(joinRequest{Version: joinVersion, Coop: inv.Coop, Secret: inv.Secret[:], Name: name})
	if err == nil {
		err = writeFrame(s, req)
	}
	if err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("send join request: %w", err)
	}
	raw, err := readFrame(bufio.NewReader(s), maxJoinReply)
	if err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("the inviter did not answer the join request: %w", err)
	}
	var reply joinReply
	if err := json.Unmarshal(raw, &reply); err != nil {
		return nil, fmt.Errorf("%w: unreadable reply: %v", ErrJoinRefused, err)
	}
	if reply.Status != joinOK {
		return nil, joinError(reply, inv)
	}
	roster, err := crdt.LoadRoster(reply.Roster, n.o.Identity)
	if err != nil {
		return nil, fmt.Errorf("%w: the inviter sent an invalid roster: %v", ErrJoinRefused, err)
	}
	return roster, nil
}

// checkJoinRoster accepts the inviter's roster only if it is the invite's
// co-op, lists this device as an active member and the inviter as an active
// admin. (The roster's founder is bound to the co-op ID by a hash and every
// entry is signed, so the inviter cannot invent another co-op's history.)
func checkJoinRoster(r *crdt.Roster, inv Invite, me, inviter crdt.MemberID) error {
	if r.ID() != inv.Coop || r.Coop() != inv.Coop {
		return fmt.Errorf("%w: the inviter sent the roster of another co-op", ErrJoinRefused)
	}
	v, err := r.View()
	if err != nil {
		return fmt.Errorf("%w: roster: %v", ErrJoinRefused, err)
	}
	if !v.IsActive(me) {
		return fmt.Errorf("%w: the roster does not list this device", ErrJoinRefused)
	}
	if m, ok := v.Member(inviter); !ok || !m.Active() || m.Role != crdt.RoleAdmin {
		return fmt.Errorf("%w: the inviter is not an admin of the co-op", ErrJoinRefused)
	}
	return nil
}

// adoptRoster puts the received roster into the co-op's replica (made with
// newReplica if the co-op is not served yet) and serves it.
func (n *Node) adoptRoster(coopID string, r *crdt.Roster, newReplica func(string) (protocol.Replica, error)) (*coop, error) {
	c := n.coop(coopID)
	var rep protocol.Replica
	if c != nil {
		rep = c.replica
	} else {
		var err error
		rep, err = newReplica(coopID)
		if err != nil {
			return nil, fmt.Errorf("create the co-op's local copy: %w", err)
		}
		if rep == nil || rep.Coop() != coopID {
			return nil, fmt.Errorf("replica constructor returned another co-op: %w", ErrConfig)
		}
	}
	if held, err := rep.Doc(coopID); err == nil {
		if err := held.Merge(r.Doc); err != nil {
			return nil, fmt.Errorf("merge the received roster: %w", err)
		}
		if err := rep.Changed(coopID, held); err != nil {
			return nil, fmt.Errorf("save the received roster: %w", err)
		}
	} else if err := rep.PutDoc(r.Doc); err != nil {
		return nil, fmt.Errorf("save the received roster: %w", err)
	}
	if c != nil {
		n.requestRefresh()
		return c, nil
	}
	if err := n.AddCoop(rep); err != nil {
		return nil, err
	}
	return n.coop(coopID), nil
}

// openJoin connects to the inviter and opens the join stream. A connection
// left from an earlier attempt may already be closed by the inviter (it
// refuses strangers while no invite is open) without this side knowing yet,
// so a failed stream is retried once on a fresh connection.
func (n *Node) openJoin(ctx context.Context, inv Invite) (network.Stream, error) {
	ctx = network.WithAllowLimitedConn(ctx, "mutual join")
	n.host.Peerstore().AddAddrs(inv.Inviter, inv.Addrs, peerstore.TempAddrTTL)
	var err error
	for attempt := range 2 {
		if attempt > 0 {
			_ = n.host.Network().ClosePeer(inv.Inviter)
		}
		if err = n.host.Connect(ctx, inv.AddrInfo()); err != nil {
			return nil, fmt.Errorf("cannot reach the inviter of %q (their Mutual must be running): %w", inv.CoopName, err)
		}
		var s network.Stream
		if s, err = n.host.NewStream(ctx, inv.Inviter, joinID); err == nil {
			return s, nil
		}
	}
	return nil, fmt.Errorf("the inviter of %q does not accept joins: %w", inv.CoopName, err)
}
