package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are the hidden -cpuprofile and -memprofile flags of build:
// they are for whoever measures Cabildo (bench/README.md), not for editors,
// so the usage text leaves them out.
type profileFlags struct {
	cpu, mem string
}

var hiddenFlags = map[string]bool{"cpuprofile": true, "memprofile": true}

func registerProfileFlags(fl *flag.FlagSet) *profileFlags {
	p := new(profileFlags)
	fl.StringVar(&p.cpu, "cpuprofile", "", "escribe un perfil de CPU en este `ARCHIVO`")
	fl.StringVar(&p.mem, "memprofile", "", "escribe un perfil de memoria (asignaciones) en este `ARCHIVO`")
	return p
}

// start begins the CPU profile, if asked; the returned function ends it
// and writes the heap profile, if asked.
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
	return func() {
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
			// The allocs profile: every allocation since the start, which
			// is what a one-shot build wants to see (the live heap at the
			// end is nearly empty).
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintln(os.Stderr, "-memprofile:", err)
			}
		}
	}, nil
}
