package content

import "time"

// Publishable returns the site as it will be published at now: without
// drafts unless drafts, and without press releases dated after now
// (embargoed) unless future. The home page is always published.
func (s *Site) Publishable(now time.Time, drafts, future bool) *Site {
	out := *s
	keep := func(it Item) bool {
		_, withheld := withhold(it, now, drafts, future)
		return !withheld
	}
	out.Pages = filter(s.Pages, keep)
	out.Press = filter(s.Press, keep)
	out.Events = filter(s.Events, keep)
	out.Audiences = filter(s.Audiences, keep)
	out.Trips = filter(s.Trips, keep)
	out.Gifts = filter(s.Gifts, keep)
	out.Contacts = filter(s.Contacts, keep)
	return &out
}

// Withheld is an item that a build leaves out, and why.
type Withheld struct {
	Item  Item
	Draft bool      // draft: true, and the build is not -drafts
	Until time.Time // embargoed (a press release dated later, not -future) until then; zero if not
}

// Withheld returns the items Publishable leaves out, in the order of
// Items: `cabildo serve` answers their URLs with a page that says why.
func (s *Site) Withheld(now time.Time, drafts, future bool) []Withheld {
	var out []Withheld
	for _, it := range s.Items() {
		if it == Item(s.Home) {
			continue
		}
		if w, ok := withhold(it, now, drafts, future); ok {
			out = append(out, w)
		}
	}
	return out
}

// withhold is the one rule of what is published: it says whether it is
// left out at now, and why.
func withhold(it Item, now time.Time, drafts, future bool) (Withheld, bool) {
	w := Withheld{Item: it, Draft: !drafts && it.Metadata().Draft}
	if p, ok := it.(*PressRelease); ok && !future && p.Date.After(now) {
		w.Until = p.Date
	}
	return w, w.Draft || !w.Until.IsZero()
}

func filter[T Item](xs []T, keep func(Item) bool) []T {
	out := make([]T, 0, len(xs))
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
