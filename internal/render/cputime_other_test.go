//go:build !unix

package render

import "time"

// cpuTime is not measured here: BenchmarkSearchIndex reports 0.
func cpuTime() time.Duration { return 0 }
