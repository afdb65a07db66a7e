package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
)

// profileFlags are the hidden -cpuprofile and -memprofile flags of build
// and serve: they are for whoever measures Cabildo (bench/README.md), not
// for editors, so the usage text leaves them out.
type profileFlags struct {
	cpu, mem string
	// heap is the profile -memprofile writes: "allocs" (every allocation
	// since the start: what a one-shot build wants to see, its live heap at
	// the end is nearly empty) or "heap" (what is live at the end: what a
	// long-running serve keeps).
	heap string
}

var hiddenFlags = map[string]bool{"cpuprofile": true, "memprofile": true, "debugaddr": true}

func registerProfileFlags(fl *flag.FlagSet, heap string) *profileFlags {
	p := &profileFlags{heap: heap}
	fl.StringVar(&p.cpu, "cpuprofile", "", "escribe un perfil de CPU en este `ARCHIVO`")
	fl.StringVar(&p.mem, "memprofile", "", "escribe un perfil de memoria en este `ARCHIVO`")
	return p
}

// start begins the CPU profile, if asked; the returned function ends it
// and writes the heap profile, if asked. Calls after the first do nothing.
func (p *profileFlags) start() (stop func(), err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, usageErr("-cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, usageErr("-cpuprofile: %v", err)
		}
	}
	return sync.OnceFunc(func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if p.mem != "" {
			f, err := os.Create(p.mem)
			if err != nil {
				fmt.Fprintln(os.Stderr, "-memprofile:", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.Lookup(p.heap).WriteTo(f, 0); err != nil {
				fmt.Fprintln(os.Stderr, "-memprofile:", err)
			}
		}
	}), nil
}
