package peer

import (
	"os"
	"testing"
)

// TestMain lets the test binary double as a node inside a network namespace
// (see netns_test.go): the LAN test re-executes it there with
// MUTUAL_NETNS_CHILD set, and it then runs one node instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv(netnsChildEnv) != "" {
		if os.Getenv(netnsMeetingEnv) != "" {
			os.Exit(runMeetingChild()) // netns_meeting_test.go
		}
		os.Exit(runNetnsChild())
	}
	os.Exit(m.Run())
}
