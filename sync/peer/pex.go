package peer

import (
	"bufio"
	"context"
	"encoding/json"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	ma "github.com/multiformats/go-multiaddr"
)

// pexID is the peer exchange protocol: a member asks another member of the
// same co-op where the co-op's other members can be reached.
//
// Wire: the asker sends the preamble (co-op ID); the answerer, if the asker
// is an active member of that co-op, replies with one frame (uvarint length
// + JSON pexReply) and closes; otherwise it resets the stream unanswered.
const pexID = "/mutual/pex/1.0.0"

// Peer exchange limits.
const (
	maxPEXReply = 256 << 10
	maxPEXPeers = 512
)

type pexPeer struct {
	ID    string   `json:"id"`
	Addrs []string `json:"addrs"`
}

type pexReply struct {
	Peers []pexPeer `json:"peers"`
}

// handlePEX answers a member's peer exchange request with the addresses of
// the co-op's active members (and this node's own), never anyone else's.
func (n *Node) handlePEX(s network.Stream) {
	defer s.Close()
	p := s.Conn().RemotePeer()
	remote, err := MemberFromPeer(p)
	if err != nil {
		_ = s.Reset()
		return
	}
	_ = s.SetDeadline(time.Now().Add(handshakeTimeout))
	id, err := readPreamble(s)
	if err != nil {
		_ = s.Reset()
		return
	}
	c := n.coop(id)
	if c == nil || !c.isActive(remote) {
		_ = s.Reset()
		return
	}
	v, err := c.roster()
	if err != nil {
		_ = s.Reset()
		return
	}
	reply := pexReply{Peers: []pexPeer{{ID: n.host.ID().String(), Addrs: addrStrings(n.ownAddrs())}}}
	for _, m := range v.Members {
		if !m.Active() || m.ID == n.me || m.ID == remote {
			continue
		}
		mp, err := PeerFromMember(m.ID)
		if err != nil {
			continue
		}
		if addrs := n.dialAddrs(mp, false); len(addrs) > 0 {
			reply.Peers = append(reply.Peers, pexPeer{ID: mp.String(), Addrs: addrStrings(addrs)})
		}
		if len(reply.Peers) >= maxPEXPeers {
			break
		}
	}
	raw, err := json.Marshal(reply)
	if err != nil || len(raw) > maxPEXReply {
		_ = s.Reset()
		return
	}
	if err := writeFrame(s, raw); err != nil {
		_ = s.Reset()
	}
}

// exchangePeers asks p, for each co-op both are members of, where the
// co-op's other members are; addresses of active members are remembered and
// a redial pass follows.
func (n *Node) exchangePeers(p lpeer.ID) {
	m, err := MemberFromPeer(p)
	if err != nil {
		return
	}
	learned := false
	for _, c := range n.sharedCoops(m) {
		if n.ctx.Err() != nil {
			return
		}
		reply, err := n.askPEX(p, c.id)
		if err != nil {
			n.log.Debug("peer exchange failed", "peer", p.ShortString(), "coop", c.id, "err", err)
			continue
		}
		for _, e := range reply.Peers {
			if n.learnFromPEX(c, e) {
				learned = true
			}
		}
	}
	if learned {
		n.kickReconnect()
	}
}

func (n *Node) askPEX(p lpeer.ID, coopID string) (pexReply, error) {
	ctx, cancel := context.WithTimeout(n.ctx, handshakeTimeout)
	defer cancel()
	s, err := n.host.NewStream(network.WithAllowLimitedConn(ctx, "mutual pex"), p, pexID)
	if err != nil {
		return pexReply{}, err
	}
	defer s.Close()
	_ = s.SetDeadline(time.Now().Add(handshakeTimeout))
	if err := writePreamble(s, coopID); err != nil {
		_ = s.Reset()
		return pexReply{}, err
	}
	_ = s.CloseWrite()
	raw, err := readFrame(bufio.NewReader(s), maxPEXReply)
	if err != nil {
		_ = s.Reset()
		return pexReply{}, err
	}
	var reply pexReply
	if err := json.Unmarshal(raw, &reply); err != nil {
		return pexReply{}, err
	}
	return reply, nil
}

// learnFromPEX keeps e's addresses if e is an active member of c by this
// node's own roster (a member's word does not make anyone a member).
func (n *Node) learnFromPEX(c *coop, e pexPeer) bool {
	p, err := lpeer.Decode(e.ID)
	if err != nil || p == n.host.ID() {
		return false
	}
	m, err := MemberFromPeer(p)
	if err != nil || !c.isActive(m) {
		return false
	}
	var addrs []ma.Multiaddr
	for _, s := range e.Addrs {
		if len(addrs) >= maxKnownAddrs {
			break
		}
		if a, err := ma.NewMultiaddr(s); err == nil {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		return false
	}
	n.host.Peerstore().AddAddrs(p, addrs, peerstore.RecentlyConnectedAddrTTL)
	n.emit(Event{Kind: EventPeerFound, Coop: c.id, Peer: m, PeerID: p, Source: "pex"})
	return !n.connected(p)
}
