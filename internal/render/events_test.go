package render_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	goical "github.com/emersion/go-ical"

	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/markdown"
	"cabildo/internal/output"
	"cabildo/internal/render"
	"cabildo/internal/theme"
)

var eventsNow = time.Date(2026, time.November, 27, 12, 0, 0, 0, mustZone("America/Santiago"))

// buildEvents renders the site in fsys at now, failing on any error.
func buildEvents(t *testing.T, fsys fs.FS, now time.Time) (*content.Site, *output.Set) {
	t.Helper()
	site, diags := load.Load(fsys)
	diags = append(diags, site.Validate()...)
	th, err := theme.Load(theme.Overlay(nil), render.Funcs())
	if err != nil {
		t.Fatal(err)
	}
	set := output.NewSet()
	pub := site.Publishable(now, false, false)
	diags = append(diags, render.Render(pub, render.Options{Now: now, Theme: th, Markdown: markdown.New(), Source: fsys}, set)...)
	for _, d := range diags.Errors() {
		t.Errorf("%v", d)
	}
	if t.Failed() {
		t.FailNow()
	}
	return pub, set
}

func decodeICS(t *testing.T, set *output.Set, p string) *goical.Calendar {
	t.Helper()
	b, ok := set.Get(p)
	if !ok {
		t.Fatalf("%s is not published", p)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return cal
}

func prop(ev goical.Event, name string) string {
	if p := ev.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

// TestExampleFeeds round-trips every .ics of the example site through an
// independent parser and compares each event with the content it came
// from, and each feed's events with the events it must hold.
func TestExampleFeeds(t *testing.T) {
	fsys := os.DirFS("../..")
	site, set := buildEvents(t, fsys, eventsNow)
	loc := site.Config.Location
	byUID := map[string]*content.Event{}
	for _, e := range site.Events {
		byUID[e.UIDFor(site.Config.BaseURL)] = e
	}
	windowStart := eventsNow.AddDate(0, -site.Config.Calendar.PastMonths, 0)
	inWindow := func(e *content.Event) bool {
		if e.Recurrence != "" {
			return true // the example's only series is in the future
		}
		end := e.Start.Instant(loc)
		if e.End != nil {
			end = e.End.Instant(loc)
		}
		if e.AllDay() {
			end = e.EndDate().AddDays(1).In(loc)
		}
		return !end.Before(windowStart)
	}
	contacts := map[string]*content.Contact{}
	for _, c := range site.Contacts {
		contacts[c.Doc.Slug] = c
	}
	want := map[string][]string{} // feed → UIDs, sorted
	add := func(feed string, e *content.Event) {
		want[feed] = append(want[feed], e.UIDFor(site.Config.BaseURL))
	}
	published := func(feed string) { // a feed is published even with no event in the window
		if _, ok := want[feed]; !ok {
			want[feed] = nil
		}
	}
	for _, e := range site.Events {
		want["eventos/"+e.Doc.Slug+"/evento.ics"] = []string{e.UIDFor(site.Config.BaseURL)}
		if e.Category != "" {
			published("eventos/" + e.Category + "/calendario.ics")
		}
		for _, id := range e.AgendaOf {
			published("agenda/" + id + "/calendario.ics")
		}
		if !inWindow(e) {
			continue
		}
		add("eventos/calendario.ics", e)
		if e.Category != "" {
			add("eventos/"+e.Category+"/calendario.ics", e)
		}
		for _, id := range e.AgendaOf {
			add("agenda/"+id+"/calendario.ics", e)
		}
	}
	var feeds []string
	for _, p := range set.Paths() {
		if strings.HasSuffix(p, ".ics") {
			feeds = append(feeds, p)
		}
	}
	var wantFeeds []string
	for f := range want {
		wantFeeds = append(wantFeeds, f)
	}
	slices.Sort(wantFeeds)
	if !slices.Equal(feeds, wantFeeds) {
		t.Errorf("published feeds\n got %v\nwant %v", feeds, wantFeeds)
	}
	// The example's events all fall in its window; TestPastWindow checks
	// an event outside it.
	for _, f := range feeds {
		cal := decodeICS(t, set, f)
		var uids []string
		for _, ev := range cal.Events() {
			uid := prop(ev, goical.PropUID)
			e := byUID[uid]
			if e == nil {
				t.Errorf("%s: unknown UID %q", f, uid)
				continue
			}
			if ev.Props.Get(goical.PropRecurrenceID) != nil {
				checkMoved(t, f, ev, e, loc)
				continue
			}
			uids = append(uids, uid)
			checkEvent(t, f, ev, e, site, contacts)
		}
		slices.Sort(uids)
		w := slices.Clone(want[f])
		slices.Sort(w)
		if !slices.Equal(uids, w) {
			t.Errorf("%s holds\n %v\nwant %v", f, uids, w)
		}
		if got := cal.Props.Get("X-WR-TIMEZONE"); got == nil || got.Value != "America/Santiago" {
			t.Errorf("%s: X-WR-TIMEZONE %q", f, got)
		}
	}
}

func checkEvent(t *testing.T, feed string, ev goical.Event, e *content.Event, site *content.Site, contacts map[string]*content.Contact) {
	t.Helper()
	loc := site.Config.Location
	where := feed + " " + e.Doc.Slug
	if got, want := prop(ev, goical.PropSequence), fmt.Sprint(e.Sequence+len(e.Changes)); got != want {
		t.Errorf("%s: SEQUENCE %s, want %s", where, got, want)
	}
	status, prefix := "CONFIRMED", ""
	switch e.EffectiveStatus() {
	case content.StatusTentative:
		status = "TENTATIVE"
	case content.StatusCancelled:
		status, prefix = "CANCELLED", "CANCELADO: "
	case content.StatusPostponed:
		status, prefix = "CANCELLED", "POSTERGADO: "
	}
	if got := prop(ev, goical.PropStatus); got != status {
		t.Errorf("%s: STATUS %s, want %s", where, got, status)
	}
	if got := prop(ev, goical.PropSummary); got != prefix+e.Title {
		t.Errorf("%s: SUMMARY %q, want %q", where, got, prefix+e.Title)
	}
	start, end := ev.Props.Get(goical.PropDateTimeStart), ev.Props.Get(goical.PropDateTimeEnd)
	if e.AllDay() {
		last := e.EndDate()
		if start.ValueType() != goical.ValueDate || start.Value != compact(e.Start.Date) {
			t.Errorf("%s: DTSTART %v, want VALUE=DATE %s", where, start, compact(e.Start.Date))
		}
		if end == nil || end.ValueType() != goical.ValueDate || end.Value != compact(last.AddDays(1)) {
			t.Errorf("%s: DTEND %v, want the exclusive VALUE=DATE %s", where, end, compact(last.AddDays(1)))
		}
	} else {
		if start.Params.Get(goical.ParamTimezoneID) != "America/Santiago" || start.Value != e.Start.Time.In(loc).Format("20060102T150405") {
			t.Errorf("%s: DTSTART %v, want wall time %s with TZID", where, start, e.Start.Time.In(loc))
		}
		if at, err := ev.DateTimeStart(nil); err != nil || !at.Equal(e.Start.Time) {
			t.Errorf("%s: DTSTART reads as %v (%v), want %v", where, at, err, e.Start.Time)
		}
		if e.End != nil {
			if at, err := ev.DateTimeEnd(nil); err != nil || !at.Equal(e.End.Time) {
				t.Errorf("%s: DTEND reads as %v (%v), want %v", where, at, err, e.End.Time)
			}
		}
	}
	if got := prop(ev, goical.PropRecurrenceRule); got != e.Recurrence {
		t.Errorf("%s: RRULE %q, want %q", where, got, e.Recurrence)
	}
	if label := site.Config.Categories.Label(e.Category); prop(ev, goical.PropCategories) != label {
		t.Errorf("%s: CATEGORIES %q, want %q", where, prop(ev, goical.PropCategories), label)
	}
	if c := contacts[e.Organizer]; c != nil && prop(ev, goical.PropOrganizer) != "mailto:"+c.Email {
		t.Errorf("%s: ORGANIZER %q, want mailto:%s", where, prop(ev, goical.PropOrganizer), c.Email)
	}
	if got, want := prop(ev, goical.PropURL), site.Config.AbsURL(e.URL()); got != want {
		t.Errorf("%s: URL %q, want %q", where, got, want)
	}
	if !e.Updated.IsZero() && len(e.Changes) == 0 && prop(ev, goical.PropLastModified) != e.Updated.UTC().Format("20060102T150405Z") {
		t.Errorf("%s: LAST-MODIFIED %q, want updated %v", where, prop(ev, goical.PropLastModified), e.Updated)
	}
	if n := len(e.Changes); n > 0 && prop(ev, goical.PropLastModified) != e.Changes[n-1].Date.UTC().Format("20060102T150405Z") {
		t.Errorf("%s: LAST-MODIFIED %q, want the last change's date %v", where, prop(ev, goical.PropLastModified), e.Changes[n-1].Date)
	}
	var exdates []string
	for _, p := range ev.Props.Values(goical.PropExceptionDates) {
		exdates = append(exdates, p.Value)
	}
	var wantEx []string
	for _, d := range e.CancelledDates {
		wantEx = append(wantEx, compact(d)+e.Start.Time.In(loc).Format("T150405"))
	}
	if !slices.Equal(exdates, wantEx) {
		t.Errorf("%s: EXDATE %v, want %v", where, exdates, wantEx)
	}
}

// checkMoved compares a VEVENT with RECURRENCE-ID with the moved date of
// the event it names: same UID and SEQUENCE, the new start.
func checkMoved(t *testing.T, feed string, ev goical.Event, e *content.Event, loc *time.Location) {
	t.Helper()
	rid := ev.Props.Get(goical.PropRecurrenceID)
	for _, m := range e.MovedDates {
		if rid.Value != compact(m.Date)+e.Start.Time.In(loc).Format("T150405") {
			continue
		}
		if at, err := ev.DateTimeStart(nil); err != nil || !at.Equal(m.Start.Time) {
			t.Errorf("%s %s moved %s: DTSTART reads as %v (%v), want %v", feed, e.Doc.Slug, m.Date, at, err, m.Start.Time)
		}
		if got, want := prop(ev, goical.PropSequence), fmt.Sprint(e.Sequence+len(e.Changes)); got != want {
			t.Errorf("%s %s moved %s: SEQUENCE %s, want %s", feed, e.Doc.Slug, m.Date, got, want)
		}
		return
	}
	t.Errorf("%s %s: RECURRENCE-ID %s names no moved date", feed, e.Doc.Slug, rid.Value)
}

func compact(d content.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

var (
	cardRE     = regexp.MustCompile(`(?s)<article class="card card--event[^"]*">.*?</article>`)
	datetimeRE = regexp.MustCompile(`datetime="([^"]+)"`)
)

// cardTimes returns the datetime of every card of the event at href on
// a list page.
func cardTimes(page, href string) []string {
	var out []string
	for _, card := range cardRE.FindAllString(page, -1) {
		if strings.Contains(card, `href="`+href+`"`) {
			out = append(out, datetimeRE.FindStringSubmatch(card)[1])
		}
	}
	return out
}

// TestWeeklyAcrossChanges: a weekly 10:00 event from March to October
// 2027 crosses the April change (summer time ends) and the September one
// (it starts). Every occurrence the site lists, and every occurrence a
// client expands from the event's feed, is 10:00 in Santiago on the right
// Thursday, as Go's time package computes it.
func TestWeeklyAcrossChanges(t *testing.T) {
	_, set := buildEvents(t, os.DirFS("testdata/events/site"), eventsNow)
	loc := mustZone("America/Santiago")
	listed := cardTimes(file(t, set, "eventos/index.html"), "/eventos/taller/")
	if len(listed) != 35 {
		t.Fatalf("/eventos/ lists %d occurrences of the series, want 35", len(listed))
	}
	var want []time.Time
	offsets := map[int]bool{}
	for i := range 35 {
		w := time.Date(2027, time.March, 4+7*i, 10, 0, 0, 0, loc)
		want = append(want, w)
		_, off := w.Zone()
		offsets[off] = true
		if got, err := time.Parse(time.RFC3339, listed[i]); err != nil || !got.Equal(w) || got.In(loc).Hour() != 10 {
			t.Errorf("listed occurrence %d at %s, want %v", i, listed[i], w)
		}
	}
	if len(offsets) != 2 {
		t.Fatalf("the series must cross both changes; offsets %v", offsets)
	}
	for _, f := range []string{"eventos/taller/evento.ics", "eventos/calendario.ics", "agenda/alcaldesa/calendario.ics"} {
		cal := decodeICS(t, set, f)
		var found bool
		for _, ev := range cal.Events() {
			if prop(ev, goical.PropUID) != "evento-taller@www.municipioprueba.cl" {
				continue
			}
			found = true
			rs, err := ev.RecurrenceSet(nil)
			if err != nil || rs == nil {
				t.Fatalf("%s: RecurrenceSet: %v", f, err)
			}
			got := rs.All()
			if len(got) != len(want) {
				t.Fatalf("%s: %d occurrences, want %d", f, len(got), len(want))
			}
			for i := range got {
				if !got[i].Equal(want[i]) {
					t.Errorf("%s: occurrence %d at %v, want %v", f, i, got[i].In(loc), want[i])
				}
			}
		}
		if !found {
			t.Errorf("%s lacks the series", f)
		}
	}
	// The monthly all-day series: first Saturdays through June 2027.
	page := file(t, set, "eventos/index.html")
	got := cardTimes(page, "/eventos/mensual/")
	if w := []string{"2026-12-05", "2027-01-02", "2027-02-06", "2027-03-06", "2027-04-03", "2027-05-01", "2027-06-05"}; !slices.Equal(got, w) {
		t.Errorf("monthly series listed on %v, want %v", got, w)
	}
	if ev := file(t, set, "eventos/taller/index.html"); !strings.Contains(ev, "Todos los jueves, 35 veces, del 4 de marzo al 28 de octubre de 2027.") {
		t.Errorf("the series page does not put the rule in words")
	}
	if ev := file(t, set, "eventos/mensual/index.html"); !strings.Contains(ev, "El primer sábado de cada mes, 7 veces") && !strings.Contains(ev, "El primer sábado de cada mes, del 5 de diciembre de 2026 al 5 de junio de 2027.") {
		t.Errorf("the monthly page does not put the rule in words")
	}
}

// TestEditedEventFeed: cancelling an event keeps its UID, raises its
// SEQUENCE, marks it CANCELLED with the CANCELADO: prefix and moves
// LAST-MODIFIED to `updated`; every other event is byte-identical.
func TestEditedEventFeed(t *testing.T) {
	base := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/events/site"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("testdata/events/site/" + p)
		base[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	edited := fstest.MapFS{}
	for k, v := range base {
		edited[k] = v
	}
	old := string(base["content/eventos/concierto.md"].Data)
	changed := strings.Replace(old, "category: cultura\n", "category: cultura\nstatus: cancelled\nsequence: 1\nupdated: 2026-11-25T12:00\n", 1)
	if changed == old {
		t.Fatal("fixture changed; update the test")
	}
	edited["content/eventos/concierto.md"] = &fstest.MapFile{Data: []byte(changed)}
	_, before := buildEvents(t, base, eventsNow)
	_, after := buildEvents(t, edited, eventsNow)
	// The page says the event is cancelled, and that its date was the
	// planned one, not when it happens.
	if page := file(t, before, "eventos/concierto/index.html"); !strings.Contains(page, "<dt>Cuándo</dt>") {
		t.Errorf("a confirmed event's page has no «Cuándo»")
	}
	if page := file(t, after, "eventos/concierto/index.html"); !strings.Contains(page, "<dt>Fecha prevista</dt>") || !strings.Contains(page, "Cancelado</p>") {
		t.Errorf("a cancelled event's page does not say so next to its date")
	}
	for _, f := range []string{"eventos/calendario.ics", "eventos/cultura/calendario.ics", "eventos/concierto/evento.ics"} {
		a, b := decodeICS(t, before, f).Events(), decodeICS(t, after, f).Events()
		if len(a) != len(b) {
			t.Fatalf("%s: %d events before, %d after", f, len(a), len(b))
		}
		for i := range a {
			uid := prop(a[i], goical.PropUID)
			if prop(b[i], goical.PropUID) != uid {
				t.Errorf("%s: event %d changed UID %s → %s", f, i, uid, prop(b[i], goical.PropUID))
			}
			if uid != "evento-concierto@www.municipioprueba.cl" {
				continue
			}
			for _, c := range []struct{ name, before, after string }{
				{goical.PropSequence, "0", "1"},
				{goical.PropStatus, "CONFIRMED", "CANCELLED"},
				{goical.PropSummary, "Concierto de verano", "CANCELADO: Concierto de verano"},
				{goical.PropLastModified, "20261212T230000Z", "20261125T150000Z"},
				{goical.PropDateTimeStamp, "20261212T230000Z", "20261125T150000Z"},
				{"TRANSP", "", "TRANSPARENT"},
			} {
				if got := prop(a[i], c.name); got != c.before {
					t.Errorf("%s before: %s %q, want %q", f, c.name, got, c.before)
				}
				if got := prop(b[i], c.name); got != c.after {
					t.Errorf("%s after: %s %q, want %q", f, c.name, got, c.after)
				}
			}
		}
	}
	// Unchanged content gives the same bytes, whatever the build's clock.
	_, again := buildEvents(t, base, eventsNow.Add(time.Hour))
	for _, f := range []string{"eventos/calendario.ics", "eventos/taller/evento.ics"} {
		if x, y := file(t, before, f), file(t, again, f); x != y {
			t.Errorf("%s changed between two builds of the same content", f)
		}
	}
}

// TestPastWindow: an event older than calendar.past_months is in no feed
// but is listed in /eventos/pasados/; a recent one is in both.
func TestPastWindow(t *testing.T) {
	_, set := buildEvents(t, os.DirFS("testdata/events/site"), eventsNow)
	all := file(t, set, "eventos/calendario.ics")
	if strings.Contains(all, "evento-antiguo@") {
		t.Errorf("an event older than past_months is in the feed")
	}
	if !strings.Contains(all, "evento-reciente@") {
		t.Errorf("a recent past event is missing from the feed")
	}
	if _, ok := set.Get("eventos/antiguo/evento.ics"); !ok {
		t.Errorf("an old event keeps its own .ics")
	}
	past := file(t, set, "eventos/pasados/index.html")
	for _, href := range []string{"/eventos/antiguo/", "/eventos/reciente/"} {
		if len(cardTimes(past, href)) != 1 {
			t.Errorf("/eventos/pasados/ does not list %s once", href)
		}
	}
	if i, j := strings.Index(past, "/eventos/reciente/"), strings.Index(past, "/eventos/antiguo/"); i > j {
		t.Errorf("past events must be newest first")
	}
	if strings.Contains(file(t, set, "eventos/index.html"), `href="/eventos/antiguo/"`) {
		t.Errorf("a past event is listed as upcoming")
	}
	agenda := file(t, set, "agenda/alcaldesa/index.html")
	if len(cardTimes(agenda, "/eventos/reciente/")) != 1 || !strings.Contains(agenda, "webcal://www.municipioprueba.cl/agenda/alcaldesa/calendario.ics") {
		t.Errorf("the agenda lacks its recent event or its feed")
	}
}

// TestCalendarNeedsEmail: without calendar.email and without a contact
// with an e-mail, the build fails with an error at site.yaml that says
// what to write, rather than with a feed-writer error.
func TestCalendarNeedsEmail(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":       {Data: []byte("title: \"G\"\norganization: \"M\"\nbase_url: \"https://m.example.cl\"\ntimezone: America/Santiago\n")},
		"content/eventos/acto.md": {Data: []byte("---\ntitle: \"Acto\"\nsummary: \"S.\"\nstart: 2026-12-05T10:00\nlocation: { name: \"Plaza\" }\n---\n")},
	}
	site, diags := load.Load(fsys)
	diags = append(diags, site.Validate()...)
	th, err := theme.Load(theme.Overlay(nil), render.Funcs())
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, render.Render(site, render.Options{Now: eventsNow, Theme: th, Markdown: markdown.New(), Source: fsys}, output.NewSet())...)
	var found bool
	for _, d := range diags.Errors() {
		if d.Pos.File == "content/site.yaml" && strings.Contains(d.Msg, "calendar:") && strings.Contains(d.Msg, "email:") {
			found = true
		} else {
			t.Errorf("unexpected error: %v", d)
		}
	}
	if !found {
		t.Errorf("no error at site.yaml asking for calendar.email; got %v", diags)
	}
}
