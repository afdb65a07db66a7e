//go:build unix

package build

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU, deferred as `defer reportCPU(b)()` at the start of a
// benchmark, reports the CPU time of the whole process per operation
// (cpu-ms/op), user and system, every core: on a shared machine whose
// wall times vary by 10-20 % between runs, the work an edit costs varies
// much less, and comparing two versions needs that.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
