package render

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/output"
)

// Partial renders: when an edit changes only the bodies of some items
// (their front matter, the list of files, site.yaml and the theme all stay
// the same), most of the output cannot change. Bodies are read by few
// outputs, all through Renderer.body:
//
//	the item's own page         press release, event, free page, home, lobby record
//	/prensa/rss.xml, atom.xml   the full HTML of the latest feedSize releases
//	/contactos/                 every contact's body
//	the event's evento.ics and every calendar feed (DESCRIPTION is the text)
//	/buscar/indice/…            the words of every body: only the files
//	                            whose bytes change are rewritten (searchWriter)
//
// and checkLinks (the links of every body). Lists, archives, topic pages,
// the lobby registries, open data, reports, vCards, aliases, the sitemap
// and the redirects read only front matter (titles, summaries, dates).
// Update re-runs only the jobs above; everything else is the previous
// output, unchanged.
//
// The previous output is also a function of Options.Now. Update checks
// that every decision the clock takes (the day, the months and quarters
// that follow from it, which occurrences of which events are upcoming,
// inside the calendar window or before the lists' horizon, which events
// have started) is the same as in the previous render (clockKey);
// otherwise it declines. Page.Now is not part of that check: a theme that
// prints the clock would show the previous render's on the pages Update
// leaves alone.

// prevRender is what a full render with a Cache remembers for Update.
type prevRender struct {
	valid bool
	clock [sha256.Size]byte
}

// remember keeps what Update needs of the render r. A render whose jobs
// reported anything is not remembered: Update re-runs only the jobs that
// read bodies, so it could not report the others' problems again. (Jobs
// report only errors, such as an output that could not be written;
// warnings belong to validation and to the bodies, which Update does
// report. A build with errors is rendered in full the next time anyway.)
func (c *Cache) remember(r *Renderer, jobsReported bool) {
	if c == nil {
		return
	}
	clock := r.clockKey()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev = prevRender{valid: !jobsReported, clock: clock}
}

// UpdateStats says what an Update wrote.
type UpdateStats struct {
	Written []string // output paths re-rendered, sorted
}

// Update brings set, a clone of the output of the last full Render of this
// site with opt.Cache, up to date with site, which differs from that
// render's only in the bodies of the items at changed (their paths:
// "content/prensa/x.md"): same items, front matter, URLs, static files,
// configuration, theme and Options but Now. It re-renders only the outputs
// that read those bodies (see above) and returns the diagnostics Render
// would have returned. ok is false when it cannot tell: no previous render
// in the cache, a clock that changes some output, an item it does not know
// how to re-render alone, or an output that was not there before; set is
// then half updated and must be dropped, and the caller renders in full.
func Update(site *content.Site, opt Options, set *output.Set, changed []string) (diags content.Diagnostics, st UpdateStats, ok bool) {
	c := opt.Cache
	if c == nil {
		return nil, st, false
	}
	c.mu.Lock()
	prev := c.prev
	c.mu.Unlock()
	static := c.staticInfo()
	if !prev.valid || static == nil {
		return nil, st, false
	}
	sink := &replaceSink{set: set}
	opt.Previous = nil // a partial render runs only the pages it must
	r := newRenderer(site, opt, sink)
	r.startMemo()
	defer r.finishMemo()
	r.files, r.images = static.files, static.images
	if err := r.nameAssets(false); err != nil {
		return nil, st, false
	}
	r.renderBodies()
	c.mu.Lock()
	same := c.prev.valid // renderBodies forgets it if a URL or a file changed
	c.mu.Unlock()
	if !same {
		return nil, st, false
	}
	if r.diagsHaveErrors() {
		return r.diags, st, true // as Render: no job runs after a body error
	}
	if r.clockKey() != prev.clock {
		return nil, st, false
	}
	var items []content.Item
	for _, p := range changed {
		if it, found := r.byPath[p]; found {
			items = append(items, it) // an unpublished item changes nothing
		}
	}
	jobs, known := r.bodyJobs(items)
	if !known {
		return nil, st, false
	}
	r.updating, r.bodiesChanged = true, items
	parallel(len(jobs), func(i int) { jobs[i]() })
	if sink.fresh || r.declined.Load() {
		return nil, st, false
	}
	r.updated = set // what checkLinks finds published, besides what the jobs wrote
	r.checkLinks()
	slices.Sort(sink.written)
	st.Written = sink.written
	return r.diags, st, true
}

// bodyJobs returns the jobs that read the bodies of items, each once, and
// false if an item is of a kind it does not know.
func (r *Renderer) bodyJobs(items []content.Item) ([]func(), bool) {
	jobs := []func(){r.searchIndex}
	var feeds, calendars, contacts bool
	var l *lobby
	for _, it := range items {
		switch v := it.(type) {
		case *content.PressRelease:
			jobs = append(jobs, func() { r.pressRelease(v) })
			if !feeds && slices.Contains(r.site.Press[:min(feedSize, len(r.site.Press))], v) {
				feeds = true
				jobs = append(jobs, r.feedJobs()...)
			}
		case *content.Event:
			jobs = append(jobs, func() { r.eventPage(v) })
			contact, ok := r.calendarContact()
			if !ok {
				return nil, false
			}
			jobs = append(jobs, func() { r.writeEventICS(v, contact) })
			if !calendars {
				calendars = true
				for _, f := range r.calendarFeeds() {
					jobs = append(jobs, func() { r.writeCalendar(f, contact) })
				}
			}
		case *content.Contact:
			if !contacts {
				contacts = true
				jobs = append(jobs, r.contactsPage)
			}
		case *content.Page:
			if v == r.site.Home {
				jobs = append(jobs, r.home)
			} else {
				jobs = append(jobs, func() { r.freePage(v) })
			}
		case *content.Audience, *content.Trip, *content.Gift:
			if l == nil {
				l = r.newLobby()
			}
			job := lobbyRecordJob(r, l, it)
			if job == nil {
				return nil, false
			}
			jobs = append(jobs, job)
		default:
			return nil, false
		}
	}
	return jobs, true
}

// lobbyRecordJob is the job of lobbyJobs that renders the page of it.
func lobbyRecordJob(r *Renderer, l *lobby, it content.Item) func() {
	for _, a := range l.audiences {
		if content.Item(a.Audience) == it {
			return func() { r.lobbyRecord(a.Audience, a.Heading, "lobby-audiencia.html", registryAudiences, a) }
		}
	}
	for _, t := range l.trips {
		if content.Item(t.Trip) == it {
			return func() { r.lobbyRecord(t.Trip, t.Heading, "lobby-viaje.html", registryTrips, t) }
		}
	}
	for _, g := range l.gifts {
		if content.Item(g.Gift) == it {
			return func() { r.lobbyRecord(g.Gift, g.Heading, "lobby-donativo.html", registryGifts, g) }
		}
	}
	return nil
}

// clockKey sums every decision the renderers take on Options.Now, so that
// two renders with the same key and the same site give the same output
// (but for Page.Now, see above).
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
			bit(o.lastDay().After(r.now)) // upcoming or past
		}
	}
	b = append(b, ';')
	for _, e := range r.site.Events {
		bit(e.Start.Instant(r.loc).After(r.now)) // held, for the reports
	}
	return sha256.Sum256(b)
}

// replaceSink replaces files of a clone of the previous output and notes
// what it wrote, and whether a file is new.
type replaceSink struct {
	set     *output.Set
	mu      sync.Mutex
	written []string
	fresh   bool
}

func (s *replaceSink) Add(p string, data []byte) error {
	had := s.set.Has(p)
	s.mu.Lock()
	s.written = append(s.written, p)
	if !had {
		s.fresh = true
	}
	s.mu.Unlock()
	return s.set.Replace(p, data)
}

// ClockKey sums every decision rendering site would take on opt.Now (see
// clockKey): two renders of one site with equal keys publish the same
// bytes. `cabildo build` puts it in the stamp that lets an unchanged site
// skip rendering.
func ClockKey(site *content.Site, opt Options) []byte {
	k := newRenderer(site, opt, nil).clockKey()
	return k[:]
}
