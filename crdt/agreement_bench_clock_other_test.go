//go:build !linux

package crdt

import "time"

// threadCPU is not measured on this platform: the benchmark then reports
// wall time only.
func threadCPU() (time.Duration, bool) { return 0, false }
