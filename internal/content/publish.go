package content

import (
	"strings"
	"time"
)

// Publishable returns the site as it will be published at now: without
// drafts unless drafts, and without press releases dated after now
// (embargoed) unless future (see withhold). The home page is always
// published. An item left out takes its bundle with it: the files beside
// a draft's or an embargoed item's index.md (photos, PDFs) are not
// published either, since their URLs are guessable.
func (s *Site) Publishable(now time.Time, drafts, future bool) *Site {
	out := *s
	keep := func(it Item) bool {
		_, withheld := withhold(it, now, drafts, future)
		return !withheld
	}
	out.Pages = items(s.Pages, keep)
	out.Press = items(s.Press, keep)
	out.Events = items(s.Events, keep)
	out.Audiences = items(s.Audiences, keep)
	out.Trips = items(s.Trips, keep)
	out.Gifts = items(s.Gifts, keep)
	out.Contacts = items(s.Contacts, keep)
	out.Reports = items(s.Reports, keep)
	out.Institutions = items(s.Institutions, keep)
	out.Publications = items(s.Publications, keep)
	out.indexInstitutions()
	out.Files = filesOf(out.Items(), s.Items(), s.Files)
	return &out
}

// filesOf returns the static files that are not in the bundle of an item
// of all that is not among kept.
func filesOf(kept, all []Item, files []StaticFile) []StaticFile {
	if len(kept) == len(all) {
		return files
	}
	published := make(map[Item]bool, len(kept))
	for _, it := range kept {
		published[it] = true
	}
	hidden := map[string]bool{} // bundle folders, "content/prensa/x/"
	for _, it := range all {
		if d := it.Document(); d.Dir != "" && !published[it] {
			hidden[d.Dir] = true
		}
	}
	if len(hidden) == 0 {
		return files
	}
	return filter(files, func(f StaticFile) bool {
		// A bundle may hold subfolders: test every parent of the file.
		for dir := f.Path; ; {
			i := strings.LastIndexByte(dir, '/')
			if i < 0 {
				return true
			}
			dir = dir[:i]
			if hidden[dir+"/"] {
				return false
			}
		}
	})
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

func items[T Item](xs []T, keep func(Item) bool) []T {
	return filter(xs, func(x T) bool { return keep(x) })
}

func filter[T any](xs []T, keep func(T) bool) []T {
	out := make([]T, 0, len(xs))
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
