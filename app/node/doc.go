// Package node runs a workspace's network side: the libp2p sync node from
// sync/peer with every co-op of the data directory attached, translated into
// the workspace's SyncService so that windows and the command line see peers,
// progress and invites without importing libp2p. `mutual serve` and the
// desktop window both run one.
package node
