package crdt

import (
	"fmt"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // every member expands recurrences with the same zone rules, whatever their OS ships
)

// schedZones caches loaded locations: LoadLocation parses zoneinfo each call,
// and expanding occurrences asks for the same few zones over and over.
var schedZones sync.Map // name → *time.Location

// schedZone loads an IANA time zone by name. An empty name is UTC. "Local"
// is refused: it means a different zone on every member's machine.
func schedZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if l, ok := schedZones.Load(name); ok {
		return l.(*time.Location), nil
	}
	if strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("time zone %q: name an IANA zone such as Europe/Berlin: %w", name, ErrInvalid)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is not an IANA time zone name: %w", name, ErrInvalid)
	}
	schedZones.Store(name, loc)
	return loc, nil
}

// schedZoneName is the stored name of a zone: "UTC" for the empty name.
func schedZoneName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "UTC"
	}
	return name
}
