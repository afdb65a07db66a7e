// Package history compares a build with the one before it, so that
// published things never change or disappear without a word.
//
// A build records its State in its output (output.Stager.SetState, in the
// .cabildo marker): every page URL an item published, with the file that
// produced it, and a fingerprint and SEQUENCE of every event. The next
// build (cabildo build, and cabildo check reading the same output folder)
// compares:
//
//   - a URL that was published and is gone, with no alias that redirects
//     it and no retired declaration in site.yaml, is a warning naming the
//     file that last produced it and the exact line to add;
//   - an event whose date, time, place, status or repetition changed while
//     its SEQUENCE did not rise (no new entry in changes) is a warning with
//     the line to add, dated on the build's day.
//
// build -strict makes both errors. The state never feeds the output's
// bytes: SEQUENCE, DTSTAMP and LAST-MODIFIED come from the content alone
// (content.Event.EffectiveSequence and LastChange), so a fresh clone
// without any previous output publishes exactly the same feeds. The state
// only catches an editor who forgot to declare a change.
//
// A warning is not forgotten after one build: the URL or the old
// fingerprint is carried into the new state until the editor resolves it,
// so every later build repeats it.
package history

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"cabildo/internal/content"
)

// State is what one build published that the next must know about.
type State struct {
	Pages  map[string]Page  // by site URL: "/eventos/feria/"
	Events map[string]Event // by UID
}

// Page is a published page and where it came from.
type Page struct {
	File  string // "content/eventos/2026-12-05-feria.md"
	UID   string // the event's UID; "" for other items
	Title string
}

// Event is the published version of an event.
type Event struct {
	Fingerprint string // of what subscribers must be told about (fingerprint)
	Sequence    int
	File        string
}

// Of returns the state of a site as it is published (drafts and embargoes
// already left out).
func Of(site *content.Site) *State {
	st := &State{Pages: map[string]Page{}, Events: map[string]Event{}}
	base := site.Config.BaseURL
	for _, it := range site.Items() {
		u := it.URL()
		if strings.Contains(u, "#") {
			continue // contacts live in /contactos/, which is no one file's
		}
		p := Page{File: it.Document().Path, Title: it.Metadata().Title}
		if e, ok := it.(*content.Event); ok {
			p.UID = e.UIDFor(base)
			st.Events[p.UID] = Event{Fingerprint: fingerprint(e, site.Config.Location), Sequence: e.EffectiveSequence(), File: p.File}
		}
		st.Pages[u] = p
	}
	return st
}

// fingerprint sums what a subscriber's calendar must be told about when it
// changes: start, end, place, status, repetition and its exceptions.
func fingerprint(e *content.Event, loc *time.Location) string {
	h := fnv.New64a()
	when := func(w *content.When) string {
		if w == nil {
			return "-"
		}
		if w.AllDay {
			return w.Date.String()
		}
		return w.Time.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s|", when(&e.Start), when(e.End), e.Location.Name, e.Location.Address, e.Location.OnlineURL, e.EffectiveStatus(), e.Recurrence)
	for _, d := range e.CancelledDates {
		fmt.Fprintf(h, "x%s,", d)
	}
	for _, m := range e.MovedDates {
		fmt.Fprintf(h, "m%s>%s>%s,", m.Date, when(&m.Start), when(m.End))
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// Encode writes the state as sorted lines of tab-separated fields, so
// that the same state is the same bytes:
//
//	página	/eventos/feria/	content/eventos/feria.md	evento-feria@host	Feria navideña
//	evento	evento-feria@host	3	9f8e7d6c5b4a3f2e	content/eventos/feria.md
func (st *State) Encode() []byte {
	pages := make([]string, 0, len(st.Pages))
	for u := range st.Pages {
		pages = append(pages, u)
	}
	slices.Sort(pages)
	uids := make([]string, 0, len(st.Events))
	for uid := range st.Events {
		uids = append(uids, uid)
	}
	slices.Sort(uids)
	size := 0
	for _, uid := range uids {
		e := st.Events[uid]
		size += len(uid) + len(e.Fingerprint) + len(e.File) + 20
	}
	for _, u := range pages {
		p := st.Pages[u]
		size += len(u) + len(p.File) + len(p.UID) + len(p.Title) + 16
	}
	var b bytes.Buffer
	b.Grow(size) // one allocation: the record of a large site is megabytes
	// "evento" sorts before "página": events first, as sorted lines.
	for _, uid := range uids {
		e := st.Events[uid]
		b.WriteString("evento\t" + uid + "\t" + strconv.Itoa(e.Sequence) + "\t" + e.Fingerprint + "\t" + e.File + "\n")
	}
	for _, u := range pages {
		p := st.Pages[u]
		b.WriteString("página\t" + u + "\t" + p.File + "\t" + p.UID + "\t" + oneLine(p.Title) + "\n")
	}
	return b.Bytes()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Decode reads what Encode wrote. Lines it does not understand (from a
// newer or damaged record) are skipped: the state only adds warnings.
func Decode(b []byte) *State {
	if len(b) == 0 {
		return nil
	}
	st := &State{Pages: map[string]Page{}, Events: map[string]Event{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch {
		case f[0] == "página" && len(f) == 5:
			st.Pages[f[1]] = Page{File: f[2], UID: f[3], Title: f[4]}
		case f[0] == "evento" && len(f) == 5:
			seq, err := strconv.Atoi(f[2])
			if err == nil {
				st.Events[f[1]] = Event{Sequence: seq, Fingerprint: f[3], File: f[4]}
			}
		}
	}
	return st
}

// Forget removes from a previous record the pages of the items this build
// withholds (drafts, embargoed press releases). A preview build
// (-drafts, -future) into the same folder recorded them; reporting them
// as gone would tell the editor to list a URL that was never public in
// retired, which retired.map publishes, and -strict would stop every
// build until they did.
func (st *State) Forget(withheld []content.Withheld) {
	if st == nil {
		return
	}
	for _, w := range withheld {
		delete(st.Pages, w.Item.URL())
	}
}

// Compare reports what changed from prev to cur without a declaration,
// and returns the state to record: cur, plus what is still unresolved
// from prev so that the next build repeats the warning. now is the
// build's clock, which dates the suggested line. A nil prev (no previous
// build) reports nothing.
func Compare(prev, cur *State, site *content.Site, now time.Time, severity content.Severity) (content.Diagnostics, *State) {
	var diags content.Diagnostics
	if prev == nil {
		return nil, cur
	}
	// The record to keep is cur plus what stays unresolved: cur itself
	// grows, as a copy would double the memory of large sites' records.
	// Lookups below that mean "published now" are made before adding.
	next := cur
	var missing []string // published before, not now
	for u := range prev.Pages {
		if _, ok := cur.Pages[u]; !ok {
			missing = append(missing, u)
		}
	}
	var gone, lostUID []string
	var byUID map[string]content.Item
	var byTitle map[string][]content.Item
	aliasOwner := map[string]content.Item{}
	if len(missing) > 0 {
		// Indexes of the site, built only when something is missing:
		// on most builds nothing is, and large sites need not pay.
		covered := coveredURLs(site)
		byUID = map[string]content.Item{}
		byTitle = map[string][]content.Item{}
		for _, it := range site.Items() {
			for _, a := range it.Metadata().Aliases {
				aliasOwner[key(a)] = it
			}
			if e, ok := it.(*content.Event); ok {
				byUID[e.UIDFor(site.Config.BaseURL)] = it
			}
			if t := titleKey(it.Metadata().Title); t != "" {
				byTitle[t] = append(byTitle[t], it)
			}
		}
		for _, u := range missing {
			p := prev.Pages[u]
			if !covered[key(u)] {
				gone = append(gone, u)
				continue
			}
			// An event that kept its old address as an alias but not
			// its UID reaches subscribers as a new event beside the old.
			if e, ok := aliasOwner[key(u)].(*content.Event); ok && p.UID != "" && e.UIDFor(site.Config.BaseURL) != p.UID {
				lostUID = append(lostUID, u)
			}
		}
	}
	slices.Sort(gone)
	slices.Sort(lostUID)
	for _, u := range lostUID {
		p := prev.Pages[u]
		next.Pages[u] = p // repeated until resolved
		e := aliasOwner[key(u)]
		diags = append(diags, content.Diagnostic{Pos: e.Document().Start, Severity: severity, Msg: fmt.Sprintf(
			"este evento se publicaba en %s con el identificador de calendario %s: agregue uid: %s, o los calendarios suscritos lo verán como un evento nuevo junto al anterior", u, p.UID, p.UID)})
	}
	for _, u := range gone {
		p := prev.Pages[u]
		next.Pages[u] = p // repeated until resolved
		diags = append(diags, vanished(u, p, site, byUID, byTitle, severity))
	}
	loc := site.Config.Location
	day := now.In(loc).Format("2006-01-02")
	for _, e := range site.Events {
		uid := e.UIDFor(site.Config.BaseURL)
		was, ok := prev.Events[uid]
		if !ok {
			continue
		}
		is := cur.Events[uid]
		if is.Fingerprint == was.Fingerprint || is.Sequence > was.Sequence {
			continue
		}
		next.Events[uid] = Event{Fingerprint: was.Fingerprint, Sequence: was.Sequence, File: is.File}
		pos := e.Doc.Pos("changes")
		line := fmt.Sprintf("  - { date: %s, note: \"…\" }", day)
		if len(e.Changes) == 0 {
			pos = e.Doc.Start
			line = fmt.Sprintf("changes: [ { date: %s, note: \"…\" } ]", day)
		}
		diags = append(diags, content.Diagnostic{Pos: pos, Severity: severity, Msg: fmt.Sprintf(
			"la fecha, la hora, el lugar, el estado o la repetición de este evento cambió desde la última construcción, pero el cambio no está declarado: los calendarios suscritos podrían conservar la versión anterior; agregue %s diciendo qué cambió (cada cambio declarado sube SEQUENCE)", line)})
	}
	return diags, next
}

// vanished is the warning for one URL that is gone.
func vanished(u string, p Page, site *content.Site, byUID map[string]content.Item, byTitle map[string][]content.Item, severity content.Severity) content.Diagnostic {
	aliasLine := "aliases: [" + u + "]"
	if it := byUID[p.UID]; p.UID != "" && it != nil {
		return content.Diagnostic{Pos: it.Document().Start, Severity: severity, Msg: fmt.Sprintf(
			"este evento se publicaba en %s (desde %s) y esa dirección ya no existe: agregue %s para que los enlaces antiguos lleguen aquí", u, p.File, aliasLine)}
	}
	if its := byTitle[titleKey(p.Title)]; len(its) == 1 {
		it := its[0]
		msg := fmt.Sprintf("«%s» se publicaba en %s (desde %s) y esa dirección ya no existe: si es el mismo texto con otro nombre de archivo, agregue %s", p.Title, u, p.File, aliasLine)
		if e, ok := it.(*content.Event); ok && p.UID != "" && e.UID == "" {
			msg += " y uid: " + p.UID + ", para que los calendarios suscritos lo muevan en vez de duplicarlo"
		}
		return content.Diagnostic{Pos: it.Document().Start, Severity: severity, Msg: msg}
	}
	pos := site.Config.Doc.Pos("retired")
	if pos.File == "" {
		pos = content.Pos{File: "content/site.yaml"}
	}
	return content.Diagnostic{Pos: pos, Severity: severity, Msg: fmt.Sprintf(
		"la dirección %s, publicada desde %s en la construcción anterior, ya no existe: si el texto se movió, agregue %s en su archivo nuevo; si se retiró a propósito, agregue retired: [%s] en content/site.yaml (nginx responderá 410, «ya no existe»)", u, p.File, aliasLine, u)}
}

// coveredURLs are the URLs an alias redirects or site.yaml retires.
func coveredURLs(site *content.Site) map[string]bool {
	out := map[string]bool{}
	for _, it := range site.Items() {
		for _, a := range it.Metadata().Aliases {
			out[key(a)] = true
		}
	}
	for _, r := range site.Config.Retired {
		out[key(r)] = true
	}
	return out
}

// key compares URLs with or without their final slash alike.
func key(u string) string { return strings.TrimSuffix(u, "/") + "/" }

// titleKey compares titles without case or spacing.
func titleKey(t string) string { return strings.ToLower(oneLine(t)) }
