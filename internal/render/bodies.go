package render

import (
	"sync"
	"sync/atomic"

	"cabildo/internal/content"
	"cabildo/internal/markdown"
)

// Bodies: how a render holds the items' rendered Markdown follows from its
// cache policy (Options.Cache), not from a second way to render:
//
//   - with a Cache (serve), keptBodies renders every body before the
//     jobs, on every core, and keeps them all, from the last render too;
//   - without one (a one-shot build or check), nothing outlives the
//     render: leanBodies renders each body when a job first asks for it,
//     and lets go of its source (if Options.ReadBody can read it again),
//     then of its HTML and text once their last reader is done, so that
//     memory does not grow with the site's text (at 100,000 items it is
//     what keeps the build under 600 MiB).
//
// Either way every body is rendered once, every problem is reported, and
// the output is the same bytes (the tests compare them).
type bodies interface {
	// before runs before the jobs.
	before()
	// get returns it's rendered body (an empty one if there is none).
	get(it content.Item) *markdown.Result
	// gen returns the number of it's body in the Cache (Cache.kept), 0
	// if it has none.
	gen(it content.Item) uint64
	// stems returns it's stems for the search index if they were taken
	// when its body was rendered.
	stems(it content.Item) ([]byte, bool)
	// releaseHTML says that the last reader of it's HTML is done with it;
	// releaseText that one of the readers of event e's text is.
	releaseHTML(it content.Item)
	releaseText(e *content.Event)
	// after runs after the jobs, whose diagnostics start at before. It
	// reports false if the bodies had errors: they then replace what the
	// jobs reported, as if the jobs had not run.
	after(before int) bool
	// searchLast says whether the search index is the last job rather
	// than the first.
	searchLast() bool
}

func newBodies(r *Renderer) bodies {
	if r.opt.Cache == nil {
		return &leanBodies{r: r}
	}
	return &keptBodies{r: r}
}

// keptBodies renders every body before the jobs and keeps them.
type keptBodies struct {
	r *Renderer
	m map[content.Item]keptBody
}

type keptBody struct {
	res *markdown.Result
	gen uint64 // Cache.kept
}

// before renders every Markdown body once, in parallel, resolving links
// to other content and reporting problems at their line in the file;
// those the Cache kept are taken from it.
func (b *keptBodies) before() {
	r := b.r
	items := r.site.Items()
	r.opt.Cache.begin(r)
	results, gens := r.opt.Cache.kept(items)
	report := func(pos content.Pos, warn bool, msg string) {
		if warn {
			r.warnf(pos, "%s", msg)
		} else {
			r.errorf(pos, "%s", msg)
		}
	}
	parallel(len(items), func(i int) {
		if results[i] != nil {
			reportProblems(items[i].Document(), results[i], report)
		} else {
			results[i], gens[i] = r.renderBody(items[i], report)
		}
	})
	b.m = make(map[content.Item]keptBody, len(items))
	for i, it := range items {
		if results[i] != nil {
			b.m[it] = keptBody{results[i], gens[i]}
		}
	}
}

func (b *keptBodies) get(it content.Item) *markdown.Result {
	if k := b.m[it]; k.res != nil {
		return k.res
	}
	return &markdown.Result{}
}

func (b *keptBodies) gen(it content.Item) uint64 { return b.m[it].gen }

func (b *keptBodies) stems(content.Item) ([]byte, bool) { return nil, false }
func (b *keptBodies) releaseHTML(content.Item)          {}
func (b *keptBodies) releaseText(*content.Event)        {}
func (b *keptBodies) after(int) bool                    { return true }
func (b *keptBodies) searchLast() bool                  { return false }

// leanBodies renders each body on demand, into one slot per item. The
// bodies' problems are kept apart so that, as with keptBodies, a body
// error hides the errors of the jobs that ran with it.
type leanBodies struct {
	r      *Renderer
	slots  map[content.Item]*bodySlot
	pinned map[content.Item]bool // HTML other pages repeat: never released
	mu     sync.Mutex
	diags  content.Diagnostics
}

// bodySlot holds one item's rendered body in a render without a Cache.
type bodySlot struct {
	once sync.Once
	res  atomic.Pointer[markdown.Result]
	// search is the item's stems for the search index (searchTerms),
	// taken as soon as its body is rendered so that the body's plain
	// text, most of a large site's memory, can go (only events keep it:
	// the calendars describe them with it). Written inside once, read
	// after it; searched says it was.
	search   []byte
	searched bool
	// textReaders, for an event, counts the jobs still to read its text
	// (its page and its own .ics, releaseText); the feeds read it too,
	// so an event they carry keeps it.
	textReaders atomic.Int32
}

// before sets up a slot per item.
func (b *leanBodies) before() {
	r := b.r
	items := r.site.Items()
	b.slots = make(map[content.Item]*bodySlot, len(items))
	for _, it := range items {
		b.slots[it] = new(bodySlot)
	}
	for _, e := range r.site.Events {
		b.slots[e].textReaders.Store(2) // renderEventPage, renderEventICS
	}
	b.pinned = map[content.Item]bool{}
	for _, p := range r.site.Press[:min(feedSize, len(r.site.Press))] { // feedItems
		b.pinned[p] = true
	}
}

func (b *leanBodies) get(it content.Item) *markdown.Result {
	r := b.r
	s := b.slots[it]
	if s == nil {
		return &markdown.Result{}
	}
	s.once.Do(func() {
		res, _ := r.renderBody(it, func(pos content.Pos, warn bool, msg string) {
			b.mu.Lock()
			if warn {
				b.diags.Warnf(pos, "%s", msg)
			} else {
				b.diags.Errorf(pos, "%s", msg)
			}
			b.mu.Unlock()
		})
		if res == nil {
			res = &markdown.Result{}
		}
		// The source is not needed any more: nothing renders it
		// twice without a Cache, and it is most of a site's memory.
		// Dropped only if it can be read again, for a caller that
		// renders the same site twice.
		if r.opt.ReadBody != nil {
			it.Document().Body = nil
		}
		if it != content.Item(r.site.Home) {
			e := r.searchEntryOf(it)
			s.search, s.searched = r.searchTerms(&e, res.Text), true
			if _, event := it.(*content.Event); !event {
				slim := *res
				slim.Text = ""
				res = &slim
			}
		}
		s.res.Store(res)
	})
	return s.res.Load()
}

func (b *leanBodies) gen(content.Item) uint64 { return 0 } // no Cache

func (b *leanBodies) stems(it content.Item) ([]byte, bool) {
	if s := b.slots[it]; s != nil && s.searched {
		return s.search, true
	}
	return nil, false
}

// releaseHTML drops the HTML of it's body once its page is written; the
// text, headings and links stay, for the search index, the calendars and
// the link check. Bodies other pages repeat are pinned.
func (b *leanBodies) releaseHTML(it content.Item) {
	s := b.slots[it]
	if s == nil || b.pinned[it] {
		return
	}
	s.slim(func(res *markdown.Result) bool {
		if res.HTML == nil && res.Headings == nil {
			return false
		}
		res.HTML, res.Headings = nil, nil
		return true
	})
}

// releaseText drops the plain text of event e's body once its page and
// its own .ics have both read it, unless the subscription feeds carry e
// (inWindow): at 100,000 items the texts of past events were some 15 MB.
// Its stems are in the slot already.
func (b *leanBodies) releaseText(e *content.Event) {
	s := b.slots[e]
	if s == nil || s.textReaders.Add(-1) != 0 {
		return
	}
	if ser := b.r.index().bySlug[e.Doc.Slug]; ser == nil || b.r.inWindow(ser) {
		return
	}
	s.slim(func(res *markdown.Result) bool {
		if res.Text == "" {
			return false
		}
		res.Text = ""
		return true
	})
}

// after renders the bodies no job needed (and reports their problems),
// so that every problem is reported and checkLinks sees every link.
func (b *leanBodies) after(before int) bool {
	r := b.r
	items := r.site.Items()
	parallel(len(items), func(i int) { b.get(items[i]) })
	if b.diags.HasErrors() {
		// With keptBodies the jobs would not have run: drop what they
		// reported, which only repeats the body's errors.
		r.diags = append(r.diags[:before], b.diags...)
		return false
	}
	r.diags = append(r.diags, b.diags...)
	return true
}

// searchLast: the index is made when most bodies were let go.
func (b *leanBodies) searchLast() bool { return true }

// slim replaces the slot's result by a copy that drop changed, if drop
// reports it changed something. A copy, since a job may still be reading
// the old one; swapped in only if no other job slimmed it meanwhile.
func (s *bodySlot) slim(drop func(*markdown.Result) bool) {
	for {
		old := s.res.Load()
		if old == nil {
			return
		}
		res := *old
		if !drop(&res) || s.res.CompareAndSwap(old, &res) {
			return
		}
	}
}
