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
//	MUTUAL_MDNS=off        no LAN discovery (mDNS)
//	MUTUAL_INTERNET=off    no internet discovery (the public DHT and relays)
//	MUTUAL_PORTMAP=on      ask the router for a port mapping (UPnP / NAT-PMP);
//	                       off by default
//	MUTUAL_BOOTSTRAP=A,B   DHT bootstrap multiaddrs instead of the public
//	                       list, which is then never dialled (tests)
const (
	envMDNS      = "MUTUAL_MDNS"
	envInternet  = "MUTUAL_INTERNET"
	envPortMap   = "MUTUAL_PORTMAP"
	envBootstrap = "MUTUAL_BOOTSTRAP"
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
	if v, set, err := onOff(getenv, envInternet); err != nil {
		return o, err
	} else if set {
		o.Internet = o.Internet && v
	}
	if list := strings.TrimSpace(getenv(envBootstrap)); list != "" {
		o.Bootstrap = nil
		for _, a := range strings.Split(list, ",") {
			if a = strings.TrimSpace(a); a != "" {
				o.Bootstrap = append(o.Bootstrap, a)
			}
		}
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
