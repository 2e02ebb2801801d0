package workspace

import (
	"context"
	"time"
)

// PeerStatus is one known peer of a co-op, for the Sync screen and
// `mutual peers`.
type PeerStatus struct {
	Member    MemberID `json:"member"`
	Name      string   `json:"name"`
	Addrs     []string `json:"addrs"`
	Connected bool     `json:"connected"`
	LAN       bool     `json:"lan,omitempty"` // found by mDNS on this network
	// Route is how the member is reached right now (one of the Route
	// constants), "" when not connected.
	Route      string    `json:"route,omitempty"`
	LastSynced time.Time `json:"lastSynced,omitzero"`
}

// How a connected member's device is reached (PeerStatus.Route).
const (
	RouteLAN         = "lan"          // on the same local network
	RouteDirect      = "direct"       // directly over the internet
	RouteNode        = "node"         // through the co-op's always-on node
	RoutePublicRelay = "public-relay" // through a public relay: small syncs only
)

// SyncProgress is a long sync's progress, for a progress bar.
type SyncProgress struct {
	Coop          string   `json:"coop"`
	Peer          MemberID `json:"peer"`
	DocsDone      int      `json:"docsDone"`
	DocsTotal     int      `json:"docsTotal"`
	BytesSent     int64    `json:"bytesSent"`
	BytesReceived int64    `json:"bytesReceived"`
	Done          bool     `json:"done"`
}

// SyncService is what front ends may ask of the sync layer. The wiring code
// (app/node) implements it over sync/peer and installs it with SetSync; a
// workspace without one is simply offline, which is a normal state.
type SyncService interface {
	// Peers lists the co-op's known peers.
	Peers(coop string) []PeerStatus
	// SyncNow dials every known peer of the co-op once.
	SyncNow(ctx context.Context, coop string) error
	// Invite creates a single-use invite code (admins only).
	Invite(coop string, ttl time.Duration) (string, error)
	// Join joins a co-op with an invite code and syncs it.
	Join(ctx context.Context, code, name string) (coopID string, err error)
	// Addrs are this device's listen addresses.
	Addrs() []string
	// Progress is the latest progress of a running sync, if any.
	Progress(coop string) (SyncProgress, bool)
}

// SetSync installs the sync layer (nil: offline).
func (w *Workspace) SetSync(s SyncService) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sync = s
}

// Sync is the installed sync layer, or nil when offline.
func (w *Workspace) Sync() SyncService {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sync
}

// Publish lets the sync layer announce progress and peer changes to
// subscribers (windows).
func (w *Workspace) Publish(e Event) { w.bus.publish(e) }
