package render

import (
	"crypto/sha256"
	"strconv"

	"cabildo/internal/content"
)

// What the clock decides. A render is a function of the site and of
// Options.Now; clockKey sums every decision it takes on Now, so that the
// page memo (deps.go: clock) and `cabildo build`'s stamp (ClockKey) can
// tell when two renders at different times publish the same bytes.
// Page.Now is not part of it: a theme that prints the clock shows the
// time of the render that made the page.

// clockKey sums every decision the renderers take on Options.Now, so that
// two renders with the same key and the same site give the same output
// (but for Page.Now).
func (r *Renderer) clockKey() [sha256.Size]byte {
	b := []byte(content.DateOf(r.now).String()) // months, quarters, offices, lobby gaps
	bit := func(v bool) {
		if v {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	}
	for _, s := range r.index().series {
		b = strconv.AppendInt(append(b, ';'), int64(len(s.occ)), 10) // the lists' horizon
		if len(s.occ) > 0 {
			bit(r.inWindow(s)) // the calendar window
		}
		for _, o := range s.occ {
			bit(r.notEnded(o)) // upcoming or past
		}
	}
	b = append(b, ';')
	for _, e := range r.site.Events {
		bit(e.Start.Instant(r.loc).After(r.now)) // held, for the reports
	}
	return sha256.Sum256(b)
}

// ClockKey sums every decision rendering site would take on opt.Now (see
// clockKey): two renders of one site with equal keys publish the same
// bytes. `cabildo build` puts it in the stamp that lets an unchanged site
// skip rendering.
func ClockKey(site *content.Site, opt Options) []byte {
	k := newRenderer(site, opt, nil).clockKey()
	return k[:]
}
