package node

import (
	"fmt"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/sync/peer"
)

// useRegisteredNodes hands the sync node the always-on nodes every co-op's
// roster registers, so members' devices keep a reservation on them, sync
// with them and reach each other through them with nothing to configure.
// It runs at start, on every roster change and on every flush (the event
// bus may drop a notification under load).
func (n *Node) useRegisteredNodes() {
	var addrs []string
	for _, info := range n.ws.Coops() {
		c, err := n.ws.Coop(info.ID)
		if err != nil {
			continue
		}
		nodes, err := c.Nodes()
		if err != nil {
			n.log.Debug("cannot read the co-op's registered nodes", "coop", info.ID, "err", err)
			continue
		}
		for _, cn := range nodes {
			pid, err := peer.PeerFromMember(cn.Member)
			if err != nil {
				continue
			}
			for _, a := range cn.Addrs {
				addrs = append(addrs, a+"/p2p/"+pid.String())
			}
		}
	}
	if err := n.p.SetRegisteredRelays(addrs); err != nil {
		n.log.Warn("a registered node's address cannot be used", "err", err)
	}
}

// NodeMember is the member whose device has the libp2p peer ID s (what
// `mutual serve` prints).
func NodeMember(s string) (workspace.MemberID, error) {
	pid, err := peer.ParsePeerID(s)
	if err != nil {
		return "", err
	}
	m, err := peer.MemberFromPeer(pid)
	if err != nil {
		return "", fmt.Errorf("%s is not a Mutual device's peer ID: %w", s, err)
	}
	return m, nil
}

// PeerIDOf is the libp2p peer ID of member's device.
func PeerIDOf(m workspace.MemberID) (string, error) {
	pid, err := peer.PeerFromMember(m)
	if err != nil {
		return "", err
	}
	return pid.String(), nil
}

// CheckNodeAddr checks an address to register for an always-on node.
func CheckNodeAddr(s string) error { return peer.CheckNodeAddr(s) }
