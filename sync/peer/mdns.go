package peer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
)

// MDNSServiceName is the mDNS service a co-op's members announce on the
// local network. It is derived from a hash of the co-op ID — never the
// co-op's name — so a café's Wi-Fi learns only that some Mutual co-op is
// present, and only members (who know the ID) can look for each other.
func MDNSServiceName(coopID string) string {
	sum := sha256.Sum256([]byte("mutual-mdns-v1" + coopID))
	return "mutual-" + hex.EncodeToString(sum[:8])
}

// mdnsNotifee connects to members of one co-op found on the local network.
type mdnsNotifee struct {
	n *Node
	c *coop
}

// HandlePeerFound is called by the mDNS service for every announcement.
// Anyone can announce any peer ID under the service name, so the announced
// peer must be an active member by our roster, and the connection's security
// handshake proves it holds that member's key.
func (f mdnsNotifee) HandlePeerFound(ai lpeer.AddrInfo) {
	n := f.n
	m, err := MemberFromPeer(ai.ID)
	if err != nil || ai.ID == n.host.ID() || !f.c.isActive(m) {
		return
	}
	n.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, peerstore.RecentlyConnectedAddrTTL)
	n.emit(Event{Kind: EventPeerFound, Coop: f.c.id, Peer: m, PeerID: ai.ID, Source: "mdns"})
	if n.connected(ai.ID) {
		return
	}
	n.spawn(func() {
		ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
		defer cancel()
		if err := n.host.Connect(ctx, ai); err != nil {
			n.log.Debug("could not connect to a member found on the LAN", "peer", ai.ID.ShortString(), "err", err)
		}
	})
}

// startMDNS announces and looks for the co-op's service on the LAN.
func (n *Node) startMDNS(c *coop) {
	svc := mdns.NewMdnsService(n.host, MDNSServiceName(c.id), mdnsNotifee{n: n, c: c})
	if err := svc.Start(); err != nil {
		n.log.Warn("LAN discovery (mDNS) unavailable", "coop", c.id, "err", err)
		return
	}
	c.mu.Lock()
	c.mdns = svc
	c.mu.Unlock()
	if n.isClosed() { // Close may have run meanwhile: whoever takes it closes it
		if svc := c.takeMDNS(); svc != nil {
			_ = svc.Close()
		}
	}
}

// takeMDNS removes and returns the co-op's mDNS service, if any.
func (c *coop) takeMDNS() interface{ Close() error } {
	c.mu.Lock()
	defer c.mu.Unlock()
	svc := c.mdns
	c.mdns = nil
	return svc
}
