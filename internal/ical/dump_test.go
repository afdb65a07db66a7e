package ical

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var dump = flag.String("dump", "", "write the sample feeds to this directory, for external validators")

// TestDumpSamples writes one feed per zone with every kind of event
// (see sampleEvents), plus an empty feed, for the independent checker:
//
//	go test ./internal/ical -run TestDumpSamples -dump /tmp/icsout
//	bash /work/shared/ical-check/check.sh /tmp/icsout
func TestDumpSamples(t *testing.T) {
	if *dump == "" {
		t.Skip("no -dump directory")
	}
	if err := os.MkdirAll(*dump, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, zone := range zones {
		loc := mustLoad(t, zone)
		name := strings.ReplaceAll(zone, "/", "_")
		feeds := map[string][]Event{name + ".ics": sampleEvents(loc), name + "-vacio.ics": nil}
		for file, events := range feeds {
			if err := os.WriteFile(filepath.Join(*dump, file), render(t, sampleCalendar(loc), events), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
