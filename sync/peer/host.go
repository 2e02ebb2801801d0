package peer

import (
	"fmt"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/p2p/host/autorelay"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	tls "github.com/libp2p/go-libp2p/p2p/security/tls"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

// userAgent is what identify tells members about this software.
const userAgent = "mutual"

// newHost builds the libp2p host: the device key, TCP and QUIC only (no
// WebRTC/WebSocket surface), Noise or TLS, yamux, the membership gater, the
// circuit relay client and hole punching. Nothing contacts the public
// network unless internet discovery is on (Config.Internet: the DHT and
// AutoRelay); NAT port mapping is only used when asked for.
func newHost(o options, g *gate, relayCandidates autorelay.PeerSource) (host.Host, error) {
	key, err := hostKey(o.Identity)
	if err != nil {
		return nil, err
	}
	mgr, err := resourceManager()
	if err != nil {
		return nil, err
	}
	opts := []libp2p.Option{
		libp2p.ResourceManager(mgr),
		libp2p.Identity(key),
		libp2p.ListenAddrs(o.listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Transport(quic.NewTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Security(tls.ID, tls.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.ConnectionGater(g),
		libp2p.UserAgent(userAgent),
		// Several nodes may live in one process (tests, several data
		// directories); a global Prometheus registry would be shared.
		libp2p.DisableMetrics(),
		// The relay client lets members reach this node through an
		// always-on member's relay; hole punching then tries a direct link.
		libp2p.EnableRelay(),
		libp2p.EnableHolePunching(),
	}
	if o.NATPortMap {
		opts = append(opts, libp2p.NATPortMap())
	}
	if o.Internet {
		// Behind NAT, hold a reservation on a public relay found through the
		// DHT, so members can reach this device; DCUtR then upgrades to a
		// direct link where the NATs allow it.
		// One candidate is enough to start: a co-op's device needs a single
		// reservation, and waiting for four (the default) would stall
		// where few public relays are reachable.
		opts = append(opts, libp2p.EnableAutoRelayWithPeerSource(relayCandidates,
			autorelay.WithMinCandidates(1), autorelay.WithBootDelay(0), autorelay.WithNumRelays(2)))
	}
	if o.bandwidth != nil {
		opts = append(opts, libp2p.BandwidthReporter(o.bandwidth))
	}
	if o.forcePrivate {
		opts = append(opts, libp2p.ForceReachabilityPrivate())
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("start libp2p host: %w", err)
	}
	return h, nil
}

// resourceManager is libp2p's default resource manager with more room per
// peer: members are few and known, and a member whose old addresses are
// being redialled must still be able to connect in (libp2p's default of 8
// connections and 4 file descriptors per peer is sized for the public DHT).
func resourceManager() (network.ResourceManager, error) {
	limits := rcmgr.DefaultLimits
	libp2p.SetDefaultServiceLimits(&limits)
	limits.PeerBaseLimit.Conns = 32
	limits.PeerBaseLimit.ConnsInbound = 32
	limits.PeerBaseLimit.ConnsOutbound = 32
	limits.PeerBaseLimit.FD = 32
	mgr, err := rcmgr.NewResourceManager(rcmgr.NewFixedLimiter(limits.AutoScale()))
	if err != nil {
		return nil, fmt.Errorf("libp2p resource manager: %w", err)
	}
	return mgr, nil
}
