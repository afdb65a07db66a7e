package render

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"sync"

	"cabildo/internal/content"
	"cabildo/internal/ical"
	"cabildo/internal/output"
)

// Dependency keys: the page memo (pagememo.go) still builds each page's
// view and hashes all of it, every render, to learn that most pages did
// not change. The pages of single items (6,000 press releases, 2,500
// events at 10,000 items) were most of that work after a front-matter
// edit. Their jobs know what they read, so each sums, before building
// anything, the identity of those inputs: the item (decoded once per
// version of its file: a new version is a new pointer, see hashValue),
// its rendered body (its number: Cache.kept), the other items its page shows (a
// release's related events and press contact; an event's organizer,
// co-organizers and the releases that relate to it: each looked up
// again, so that one that comes or goes changes the key), and what
// every page of the render shares: the static files, their URLs and
// sizes (attachments, pictures; Cache.begin), every decision taken on
// the clock (clockKey) and the navigation, footer, brand and assets
// (sharedKey). Links in a body are the body's: a body whose links
// resolve otherwise is rendered again (Cache.begin), with a new number.
// Items that come and go change no other key: a new release renders its
// page and the lists, not 8,500 pages. A lobby record's page is keyed by
// the record, its body and its view; a page of a press list by the
// releases it shows and the rest of its page (listDeps). The iCalendar
// files are keyed the
// same way: an event's own .ics by the event, its body and organizer; a
// subscription feed by the events it carries, in order. A job whose
// key is the one it had in the previous render adds the previous
// output's file without building its view (depsReuse). site.yaml and
// the theme are not in the key: a change to either drops the memo.
//
// A key must name everything its job reads. The tests compare serve's
// output with a fresh build after edits of each kind of input
// (TestBuilderMatchesBuild).

// deps sums the inputs of one job.
type deps struct {
	h maphash.Hash
	n [8]byte
}

// deps starts the key of a job of kind.
func (r *Renderer) deps(kind string) (*deps, bool) {
	if r.memoKeys == nil || !r.staticKnown {
		return nil, false // no memo: a one-shot build
	}
	r.depsBaseOnce.Do(func() {
		shared, ok := r.sharedKey()
		if r.depsBaseOK = ok; !ok {
			return
		}
		d := &deps{}
		d.h.SetSeed(memoSeed)
		d.h.Write(r.staticSum[:])
		clock := r.clock()
		d.h.Write(clock[:])
		d.u64(shared)
		if len(r.site.Press) > 0 { // the feeds every page links (fill)
			d.u64(1)
		} else {
			d.u64(0)
		}
		r.depsBase = d.h
	})
	if !r.depsBaseOK {
		return nil, false
	}
	// What every key starts with, summed once per render: 8,500
	// pages' keys after every edit in serve.
	d := &deps{h: r.depsBase}
	d.str(kind)
	return d, true
}

func (d *deps) u64(x uint64) {
	binary.LittleEndian.PutUint64(d.n[:], x)
	d.h.Write(d.n[:])
}

// item adds the identity of a model value (nil is 0).
func (d *deps) item(p any) {
	v := reflect.ValueOf(p)
	if !v.IsValid() || v.IsNil() {
		d.u64(0)
		return
	}
	d.u64(uint64(v.Pointer()))
}

func (d *deps) str(s string) {
	d.u64(uint64(len(s)))
	d.h.WriteString(s)
}

// body adds the identity of it's rendered body; false if the Cache does
// not know it.
func (r *Renderer) bodyDeps(d *deps, it content.Item) bool {
	gen := r.bodies.gen(it)
	d.u64(gen)
	return gen != 0
}

// depsReuse adds the previous output's file at path if the job that
// makes it has the key it had in the previous render, carrying the
// file's page key forward for the next; it reports whether it did. The
// job's key is recorded either way.
func (r *Renderer) depsReuse(path string, d *deps) bool {
	return r.depsReuseAll([]string{path}, []*deps{d})[0]
}

// depsReuseAll is depsReuse for many files at once: ds[i] is the key of
// the job that makes paths[i] (nil: none). It takes the files whose keys
// are the ones they had, with one lock for the output and one for the
// memo rather than one each per file (6,000 release pages after an edit
// in serve), and reports which it took.
func (r *Renderer) depsReuseAll(paths []string, ds []*deps) []bool {
	reused := make([]bool, len(paths))
	if r.memoKeys == nil {
		return reused
	}
	type keys struct {
		i         int
		e         memoEntry
		candidate bool
	}
	all := make([]keys, 0, len(paths))
	var keep []string
	for i, p := range paths {
		if ds[i] == nil {
			continue
		}
		k := keys{i: i, e: memoEntry{deps: ds[i].h.Sum64(), hasDeps: true}}
		if prev, ok := r.memoPrev[p]; ok && prev.hasDeps && (prev.hasPage || prev.made) && prev.deps == k.e.deps {
			k.e = prev // the page key carried forward
			k.candidate = true
			keep = append(keep, p)
		}
		all = append(all, k)
	}
	set, isSet := r.out.(*output.Set)
	together := len(keep) > 0 && isSet && set.KeepAll(keep)
	r.outMu.Lock()
	for _, k := range all {
		p := paths[k.i]
		if !k.candidate {
			// The job makes the file: its page key is noted then.
			r.memoKeys[p] = k.e
		} else if together {
			r.memoKeys[p] = k.e
			r.published[p] = struct{}{}
			reused[k.i] = true
		}
	}
	r.outMu.Unlock()
	if len(keep) > 0 && !together {
		// One by one: the previous output is kept elsewhere (or some
		// file is missing, or made twice, which claim reports).
		for _, k := range all {
			if k.candidate {
				reused[k.i] = r.claim(paths[k.i], k.e)
			}
		}
	}
	var taken []string
	for i, ok := range reused {
		if ok {
			taken = append(taken, paths[i])
		}
	}
	r.opt.Cache.countReused(taken)
	return reused
}

// clock returns clockKey, computed once per render.
func (r *Renderer) clock() [32]byte {
	r.clockOnce.Do(func() { r.clockSum = r.clockKey() })
	return r.clockSum
}

// pressDeps is the key of the page of release p (releasePage).
func (r *Renderer) pressDeps(p *content.PressRelease) *deps {
	d, ok := r.deps("press")
	if !ok || !r.bodyDeps(d, p) {
		return nil
	}
	d.item(p)
	for _, slug := range p.RelatedEvents {
		d.item(r.events[slug])
	}
	d.item(r.contacts[r.cfg.PressContact])
	return d
}

// eventDeps is the key of the page of event e (renderEventPage).
func (r *Renderer) eventDeps(e *content.Event) *deps {
	d, ok := r.deps("event")
	if !ok || !r.bodyDeps(d, e) {
		return nil
	}
	d.item(e)
	d.item(r.contacts[e.Organizer])
	for _, slug := range e.CoOrganizers {
		d.item(r.site.Institution(slug))
	}
	for _, l := range r.index().press[e.Doc.Slug] {
		d.str(l.Title)
		d.str(l.URL)
		d.u64(uint64(l.Date.UnixNano()))
	}
	return d
}

// lobbyRecordDeps is the key of the page of a lobby record (lobbyRecord):
// the record, its body, its heading and its view (the record's with the
// officials' names and offices, hashed: small beside the body, which a
// page's hash read in full).
func (r *Renderer) lobbyRecordDeps(it content.Item, heading, tmpl string, view any) *deps {
	d, ok := r.deps("lobby " + tmpl)
	if !ok || !r.bodyDeps(d, it) {
		return nil
	}
	d.item(it)
	d.str(heading)
	if !hashValue(&d.h, reflect.ValueOf(&view).Elem(), map[ptrKey]bool{}) {
		return nil
	}
	return d
}

// listDeps is the key of page n of pages of a list at base made with
// template name: the items it shows, in order, and the rest of its page
// as the list's job sets it up before adding them (titles, the links to
// years or topics with their counts), whose hash setupKey made once for
// every page of the list. Paginating, the cards and their thumbnails
// follow from those. A list page was hashed in full every render, and
// lists are thousands of pages at 10,000 items.
func listDeps[T any](r *Renderer, name, base string, n, pages int, shown []*T, setup uint64) *deps {
	d, ok := r.deps("list " + name)
	if !ok {
		return nil
	}
	d.str(base)
	d.u64(uint64(n))
	d.u64(uint64(pages))
	for _, it := range shown {
		d.item(it)
	}
	d.u64(setup)
	return d
}

// setupKey hashes a list's page as its job sets it up (listDeps); ok is
// false if it holds something that cannot be hashed.
func setupKey(p *Page) (key uint64, ok bool) {
	var h maphash.Hash
	h.SetSeed(memoSeed)
	ok = hashValue(&h, reflect.ValueOf(p).Elem(), map[ptrKey]bool{})
	return h.Sum64(), ok
}

// eventICSDeps is the key of event e's own .ics (renderEventICS):
// building its entry and hashing it (its text above all) was half the
// work of an event's job after a front-matter edit elsewhere.
func (r *Renderer) eventICSDeps(e *content.Event, contact ical.Organizer) *deps {
	d, ok := r.deps("event.ics")
	if !ok || !r.bodyDeps(d, e) {
		return nil
	}
	d.item(e)
	d.item(r.contacts[e.Organizer])
	d.str(contact.Name)
	d.str(contact.Email)
	return d
}

// calendarDeps is the key of the subscription feed f (writeCalendar):
// the events it carries, each with its body and organizer, in order.
// Which events are in the window is the clock's decision (in the key).
func (r *Renderer) calendarDeps(f CalendarFeed, contact ical.Organizer) *deps {
	d, ok := r.deps("calendar")
	if !ok {
		return nil
	}
	d.str(f.URL)
	d.str(f.Name)
	d.str(f.Description)
	d.str(f.Page)
	d.str(contact.Name)
	d.str(contact.Email)
	for _, s := range r.index().series {
		if f.filter(s.event) && r.inWindow(s) {
			if !r.bodyDeps(d, s.event) {
				return nil
			}
			d.item(s.event)
			d.item(r.contacts[s.event.Organizer])
		}
	}
	return d
}

// depsState is the Renderer's part of the dependency keys.
type depsState struct {
	staticSum   [32]byte // Cache.begin's sum of the static files
	staticKnown bool
	clockOnce   sync.Once
	clockSum    [32]byte
	// depsBase is what every key starts with (deps), if depsBaseOK.
	depsBaseOnce sync.Once
	depsBase     maphash.Hash
	depsBaseOK   bool
}
