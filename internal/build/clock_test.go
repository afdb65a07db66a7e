package build

import (
	"os"
	"testing"
	"time"
)

// TestBuilderAsTimePasses: serve's Builder renders at the clock's time
// (Builder.Now), and what it keeps between renders must follow: an
// endless series lists its dates through a horizon that moves with the
// clock (the events' occurrences are kept by event, render's seriesOf),
// events pass, embargoes lift. After every tick the result must be a
// full build's at that time.
func TestBuilderAsTimePasses(t *testing.T) {
	dir := copyExampleSite(t)
	writeFile(t, dir, "content/eventos/2026-11-05-feria-de-los-jueves.md", `---
title: "Feria de los jueves"
summary: "Cada jueves, sin fecha de término, en la plaza."
start: 2026-11-05T09:00
end: 2026-11-05T14:00
recurrence: "FREQ=WEEKLY;BYDAY=TH"
category: participacion
location:
  name: "Plaza de Armas"
organizer: gabinete
---
Productores locales.
`)
	fsys := os.DirFS(dir)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	b := NewBuilder(fsys, withImages(Options{}))
	b.Now = func() time.Time { return now }
	// A day; a week, so that a Thursday's date passes and another comes
	// within the horizon; a month; and past the summer-time change.
	sameResult(t, "first build", b.Update(), Build(fsys, withImages(Options{Now: now})))
	for _, step := range []time.Duration{24 * time.Hour, 7 * 24 * time.Hour, 31 * 24 * time.Hour, 150 * 24 * time.Hour} {
		now = now.Add(step)
		got := b.Update("content/eventos/x.md") // no such file: a render at the new time
		sameResult(t, now.Format(time.DateTime), got, Build(fsys, withImages(Options{Now: now})))
	}
}
