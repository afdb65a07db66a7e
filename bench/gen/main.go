// Command gen writes a deterministic synthetic Cabildo site for benchmarks,
// and optionally an equivalent Hugo site with the same Markdown bodies.
//
//	go run ./bench/gen -n 10000 -out DIR [-hugo DIR2] [-seed 1] [-until 2026-10-31]
//
// The generator itself is package bench/gen/sitegen, which the Go
// benchmarks of the build stages use too.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"cabildo/bench/gen/sitegen"
)

func main() {
	n := flag.Int("n", 10000, "number of content items (press, events, lobby records, contacts)")
	out := flag.String("out", "", "output directory for the Cabildo site (required; must not exist or be empty)")
	hugo := flag.String("hugo", "", "also write an equivalent Hugo site here (must not exist or be empty)")
	seed := flag.Uint64("seed", 1, "random seed")
	until := flag.String("until", sitegen.DefaultUntil, "latest date of any item (YYYY-MM-DD); keep it in the past")
	flag.Parse()
	start := time.Now()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(1)
	}
	s, err := sitegen.Write(*n, *seed, *until, *out, *hugo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: %d items (%d press, %d events, %d lobby, %d contacts) in %d files under %s\n",
		*n, s.Press, s.Events, s.Lobby, s.Contacts, s.Files, *out)
	if *hugo != "" {
		fmt.Fprintf(os.Stderr, "gen: Hugo site in %d files under %s\n", s.HugoFiles, *hugo)
	}
	fmt.Fprintf(os.Stderr, "gen: done in %s\n", time.Since(start).Round(time.Millisecond))
}
