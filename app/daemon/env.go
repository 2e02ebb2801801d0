package daemon

import (
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/app/node"
)

// The environment variables every front end honours, for scripts, tests and
// `make screenshots`, which must run the real window or `serve` without it
// announcing itself on the network:
//
//	MUTUAL_MDNS=off     no LAN discovery (mDNS)
//	MUTUAL_PORTMAP=on   ask the router for a port mapping (UPnP / NAT-PMP);
//	                    off by default
const (
	envMDNS    = "MUTUAL_MDNS"
	envPortMap = "MUTUAL_PORTMAP"
)

// applyEnv overrides o with the environment (getenv is os.Getenv outside
// tests). An unreadable value is an error, never a silent default: a script
// that says "of" must not announce the device on the LAN.
func applyEnv(o node.Options, getenv func(string) string) (node.Options, error) {
	if v, set, err := onOff(getenv, envMDNS); err != nil {
		return o, err
	} else if set {
		o.MDNS = o.MDNS && v
	}
	if v, set, err := onOff(getenv, envPortMap); err != nil {
		return o, err
	} else if set {
		o.PortMap = v
	}
	return o, nil
}

func onOff(getenv func(string) string, name string) (value, set bool, err error) {
	switch strings.ToLower(strings.TrimSpace(getenv(name))) {
	case "":
		return false, false, nil
	case "on", "1", "true", "yes":
		return true, true, nil
	case "off", "0", "false", "no":
		return false, true, nil
	}
	return false, false, fmt.Errorf("%s=%q: use on or off", name, getenv(name))
}
