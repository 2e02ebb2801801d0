package peer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/invite"
)

// joinID is the join protocol. The newcomer dials the inviter (whose peer ID
// the code names, so the secure handshake proves it reached the right
// device), sends one request frame and reads one reply frame:
//
//	request: uvarint length + JSON joinRequest  (at most 4 KiB)
//	reply:   uvarint length + JSON joinReply    (at most 32 MiB: it carries the roster)
//
// The secret itself is sent, over the encrypted channel, because the inviter
// keeps only its hash. On success the inviter has signed a roster entry
// admitting the newcomer and replies with the whole roster document, so the
// newcomer's replica has a roster (naming it) before the first sync session,
// which then runs like any member's.
const joinID = "/mutual/join/1.0.0"

const (
	joinVersion     = 1
	maxJoinRequest  = 4 << 10
	maxJoinReply    = 32 << 20
	maxMemberName   = 100
	joinDialTimeout = time.Minute
)

type joinRequest struct {
	Version int    `json:"v"`
	Coop    string `json:"coop"`
	Secret  []byte `json:"secret"`
	Name    string `json:"name"`
}

// Join reply statuses; each maps to an error on the newcomer's side.
const (
	joinOK          = "ok"
	joinExpired     = "expired"
	joinUsed        = "used"
	joinRevoked     = "revoked"
	joinUnknown     = "unknown"
	joinRateLimited = "rate-limited"
	joinRefused     = "refused"
)

type joinReply struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
	Roster  []byte `json:"roster,omitempty"`
}

// handleJoin serves the join protocol: rate-limited, then the invite is
// checked and consumed, the newcomer added to the roster, and the roster
// sent back.
func (n *Node) handleJoin(s network.Stream) {
	defer s.Close()
	p := s.Conn().RemotePeer()
	joiner, err := MemberFromPeer(p)
	if err != nil {
		_ = s.Reset()
		return
	}
	_ = s.SetDeadline(time.Now().Add(handshakeTimeout))
	var reply joinReply
	if !n.joins.allow(p, time.Now()) {
		n.log.Info("join attempt rate-limited", "peer", p.ShortString())
		reply = joinReply{Status: joinRateLimited}
	} else {
		raw, err := readFrame(bufio.NewReader(s), maxJoinRequest)
		if err != nil {
			_ = s.Reset()
			return
		}
		var req joinRequest
		if err := json.Unmarshal(raw, &req); err != nil || req.Version != joinVersion {
			_ = s.Reset()
			return
		}
		reply = n.admit(joiner, req)
	}
	raw, err := json.Marshal(reply)
	if err == nil {
		err = writeFrame(s, raw)
	}
	if err != nil {
		_ = s.Reset()
	}
}

// admit checks a join request and, if the invite holds, adds the joiner.
func (n *Node) admit(joiner crdt.MemberID, req joinRequest) joinReply {
	name, err := cleanName(req.Name)
	if err != nil {
		return joinReply{Status: joinRefused, Message: err.Error()}
	}
	c := n.coop(req.Coop)
	if c == nil || len(req.Secret) != invite.SecretSize {
		return joinReply{Status: joinUnknown}
	}
	now := n.o.Now()
	info, err := n.invites.consume(c.id, req.Secret, joiner, name, now)
	switch {
	case errors.Is(err, ErrInviteExpired):
		return joinReply{Status: joinExpired}
	case errors.Is(err, ErrInviteUsed):
		return joinReply{Status: joinUsed}
	case errors.Is(err, ErrInviteRevoked):
		return joinReply{Status: joinRevoked}
	case errors.Is(err, ErrInviteUnknown):
		return joinReply{Status: joinUnknown}
	case err != nil:
		n.log.Error("join: invites unreadable", "coop", c.id, "err", err)
		return joinReply{Status: joinRefused, Message: "the inviter could not read its invites"}
	}
	d, err := c.replica.Doc(c.id)
	if err == nil {
		err = addToRoster(d, joiner, name)
	}
	if err != nil {
		if rerr := n.invites.release(c.id, info.ID, now); rerr != nil {
			n.log.Error("join: could not reopen the invite", "invite", info.ID, "err", rerr)
		}
		n.log.Warn("join: could not add the member", "coop", c.id, "err", err)
		return joinReply{Status: joinRefused, Message: "the inviter could not add you to the roster: " + err.Error()}
	}
	if err := c.replica.Changed(c.id, d); err != nil {
		n.log.Error("join: roster change not saved", "coop", c.id, "err", err)
	}
	n.requestRefresh()
	n.log.Info("member joined", "coop", c.id, "member", joiner.Short(), "name", name, "invite", info.ID)
	n.emit(Event{Kind: EventMemberJoined, Coop: c.id, Peer: joiner})
	return joinReply{Status: joinOK, Roster: d.Save()}
}

// addToRoster signs the entry admitting m (a no-op if m is already active,
// as when a newcomer retries after a lost reply).
func addToRoster(d *crdt.Doc, m crdt.MemberID, name string) error {
	r, err := crdt.AsRoster(d)
	if err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	if v.IsActive(m) {
		return nil
	}
	return r.AddMember(m, name, crdt.RoleMember)
}

// cleanName checks a newcomer's display name.
func cleanName(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", errors.New("a display name is required")
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxMemberName:
		return "", fmt.Errorf("display name must be valid text of at most %d characters", maxMemberName)
	}
	return s, nil
}

// joinError turns a refusal into the error the newcomer sees.
func joinError(r joinReply, inv Invite) error {
	switch r.Status {
	case joinExpired:
		return fmt.Errorf("invite to %q: %w", inv.CoopName, ErrInviteExpired)
	case joinUsed:
		return fmt.Errorf("invite to %q: %w", inv.CoopName, ErrInviteUsed)
	case joinRevoked:
		return fmt.Errorf("invite to %q: %w", inv.CoopName, ErrInviteRevoked)
	case joinUnknown:
		return fmt.Errorf("invite to %q: %w", inv.CoopName, ErrInviteUnknown)
	case joinRateLimited:
		return ErrRateLimited
	}
	if r.Message != "" {
		return fmt.Errorf("%w: %s", ErrJoinRefused, r.Message)
	}
	return ErrJoinRefused
}

// addJoinTarget lets the gater admit p (the inviter) while a join runs.
func (n *Node) addJoinTarget(p lpeer.ID) (remove func()) {
	n.mu.Lock()
	n.joinTargets[p]++
	n.mu.Unlock()
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if n.joinTargets[p]--; n.joinTargets[p] <= 0 {
			delete(n.joinTargets, p)
		}
	}
}

func (n *Node) isJoinTarget(p lpeer.ID) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.joinTargets[p] > 0
}
