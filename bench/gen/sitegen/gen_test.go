package sitegen

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"gopkg.in/yaml.v3"
)

var testUntil = mustDay("2026-10-31")

// renderAll generates and renders both trees into memory.
func renderAll(t testing.TB, n int, seed uint64) (cabildo, hugo map[string][]byte) {
	t.Helper()
	s, err := generate(n, seed, testUntil)
	if err != nil {
		t.Fatal(err)
	}
	collect := func(m map[string][]byte) emit {
		return func(rel string, data []byte) error {
			if _, dup := m[rel]; dup {
				return fmt.Errorf("%s written twice", rel)
			}
			m[rel] = bytes.Clone(data)
			return nil
		}
	}
	cabildo, hugo = map[string][]byte{}, map[string][]byte{}
	if err := renderCabildo(s, collect(cabildo)); err != nil {
		t.Fatal(err)
	}
	if err := renderHugo(s, collect(hugo)); err != nil {
		t.Fatal(err)
	}
	return cabildo, hugo
}

func TestDeterministic(t *testing.T) {
	a1, h1 := renderAll(t, 600, 7)
	a2, h2 := renderAll(t, 600, 7)
	if !maps.EqualFunc(a1, a2, bytes.Equal) || !maps.EqualFunc(h1, h2, bytes.Equal) {
		t.Fatal("two generations with the same seed differ")
	}
	if len(a1) != 600+4 { // items + site.yaml + three static pages
		t.Errorf("got %d files, want %d", len(a1), 604)
	}
	b, _ := renderAll(t, 600, 8)
	if maps.EqualFunc(a1, b, bytes.Equal) {
		t.Fatal("different seeds gave the same site")
	}
}

// validRUT checks a "12345678-5" string independently of rutCheckDigit,
// walking the digits as text.
func validRUT(s string) bool {
	body, dv, ok := strings.Cut(s, "-")
	if !ok || len(body) < 7 || len(dv) != 1 {
		return false
	}
	sum, w := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		if body[i] < '0' || body[i] > '9' {
			return false
		}
		sum += int(body[i]-'0') * w
		if w++; w == 8 {
			w = 2
		}
	}
	want := "0123456789K0"[11-sum%11]
	return dv[0] == want
}

func TestRUTCheckDigit(t *testing.T) {
	for _, c := range []struct {
		body int
		want string
	}{
		{76123456, "76123456-0"}, // the example in CONTENT.md
		{12345678, "12345678-5"},
		{10000013, "10000013-K"},
		{11111111, "11111111-1"},
	} {
		if got := formatRUT(c.body); got != c.want {
			t.Errorf("formatRUT(%d) = %s, want %s", c.body, got, c.want)
		}
	}
	for body := 1_000_000; body < 1_200_000; body++ {
		if r := formatRUT(body); !validRUT(r) {
			t.Fatalf("formatRUT(%d) = %s fails the independent check", body, r)
		}
	}
}

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dateTimeRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$`)
)

// Top-level keys CONTENT.md allows per type; "unknown keys are errors".
var common = []string{"title", "summary", "draft", "updated", "aliases"}
var allowed = map[string][]string{
	"prensa":           {"date", "dateline", "topics", "image", "attachments", "related_events", "corrections"},
	"eventos":          {"start", "end", "status", "sequence", "category", "agenda_of", "location", "organizer", "cost", "registration_url", "accessibility", "recurrence", "image", "uid"},
	"lobby/audiencias": {"officials", "start", "end", "modality", "place", "attendees", "represented", "subject_matter", "decision_categories", "infolobby_code", "infolobby_url"},
	"lobby/viajes":     {"official", "start_date", "end_date", "destination", "purpose", "total_cost", "funders"},
	"lobby/donativos":  {"official", "date", "description", "occasion", "classification", "donors"},
	"contactos":        {"position", "name", "unit", "phones", "email", "address", "hours", "order"},
	"":                 {},
}

func frontMatter(t *testing.T, path string, data []byte) map[string]any {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	fm, _, ok2 := bytes.Cut(rest, []byte("\n---\n"))
	if !ok || !ok2 {
		t.Fatalf("%s: no front matter", path)
	}
	var m map[string]any
	if err := yaml.Unmarshal(fm, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// str renders a decoded YAML scalar as the editor wrote it (yaml.v3 turns
// bare dates into time.Time).
func str(v any) string {
	if tm, ok := v.(interface{ Format(string) string }); ok {
		return tm.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

// checkDateTime checks the contract's local form and the 10:00–19:00 rule
// that keeps clear of Chile's DST gap and overlap, and that it is not after
// the -until date.
func checkDateTime(t *testing.T, path, key string, v any) {
	t.Helper()
	m := dateTimeRE.FindStringSubmatch(str(v))
	if m == nil {
		t.Errorf("%s: %s = %v is not a local date-time", path, key, v)
		return
	}
	if hm := m[2] + ":" + m[3]; hm < "10:00" || hm > "19:00" {
		t.Errorf("%s: %s = %v outside 10:00–19:00", path, key, v)
	}
	if m[1] > testUntil.String() {
		t.Errorf("%s: %s = %v is in the future", path, key, v)
	}
}

func TestFollowsContract(t *testing.T) {
	files, _ := renderAll(t, 2000, 1)
	var site struct {
		Officials  []struct{ ID, From, To string }
		Categories map[string]string
	}
	if err := yaml.Unmarshal(files["content/site.yaml"], &site); err != nil {
		t.Fatal(err)
	}
	term := map[string][2]string{}
	left := 0
	for _, o := range site.Officials {
		term[o.ID] = [2]string{o.From, o.To}
		if o.To != "" {
			left++
		}
	}
	if left == 0 {
		t.Error("site.yaml: no official who left office")
	}
	// Strictly inside the term, matching the generator's conservative rule.
	inOffice := func(id, date string) bool {
		tm, ok := term[id]
		return ok && tm[0] < date && (tm[1] == "" || date < tm[1])
	}

	counts := map[string]int{}
	ruts, allDay, recurring, cancelled := 0, 0, 0, 0
	for _, path := range slices.Sorted(maps.Keys(files)) {
		if path == "content/site.yaml" {
			continue
		}
		dir, file := "", strings.TrimPrefix(path, "content/")
		if i := strings.LastIndexByte(file, '/'); i >= 0 {
			dir, file = file[:i], file[i+1:]
		}
		slug := strings.TrimSuffix(file, ".md")
		if dir != "" && !slugRE.MatchString(slug) {
			t.Errorf("%s: bad slug", path)
		}
		keys, ok := allowed[dir]
		if !ok {
			t.Fatalf("%s: unexpected directory", path)
		}
		counts[dir]++
		m := frontMatter(t, path, files[path])
		for k := range m {
			if !slices.Contains(common, k) && !slices.Contains(keys, k) {
				t.Errorf("%s: unknown key %q", path, k)
			}
		}
		switch dir {
		case "prensa":
			checkDateTime(t, path, "date", m["date"])
			if m["title"] == nil || m["summary"] == nil {
				t.Errorf("%s: missing title or summary", path)
			}
			for _, ev := range asList(m["related_events"]) {
				if files["content/eventos/"+str(ev)+".md"] == nil {
					t.Errorf("%s: related event %v does not exist", path, ev)
				}
			}
		case "eventos":
			start, end := str(m["start"]), str(m["end"])
			if dateRE.MatchString(start) {
				allDay++
				if !dateRE.MatchString(end) || end < start {
					t.Errorf("%s: bad all-day range %s..%s", path, start, end)
				}
			} else {
				checkDateTime(t, path, "start", start)
				checkDateTime(t, path, "end", end)
				if end < start {
					t.Errorf("%s: ends before it starts", path)
				}
			}
			if _, ok := site.Categories[str(m["category"])]; !ok {
				t.Errorf("%s: unknown category %v", path, m["category"])
			}
			if org, ok := m["organizer"]; ok && files["content/contactos/"+str(org)+".md"] == nil {
				t.Errorf("%s: organizer %v does not exist", path, org)
			}
			for _, id := range asList(m["agenda_of"]) {
				if !inOffice(str(id), start[:10]) {
					t.Errorf("%s: %v not in office on %s", path, id, start)
				}
			}
			if m["recurrence"] != nil {
				recurring++
			}
			if m["status"] == "cancelled" {
				cancelled++
			}
		case "lobby/audiencias":
			start := str(m["start"])
			checkDateTime(t, path, "start", start)
			checkDateTime(t, path, "end", m["end"])
			for _, id := range asList(m["officials"]) {
				if !inOffice(str(id), start[:10]) {
					t.Errorf("%s: %v not in office on %s", path, id, start)
				}
			}
			for _, a := range asList(m["attendees"]) {
				a := a.(map[string]any)
				if a["name"] == nil && a["protected"] != true {
					t.Errorf("%s: attendee without name", path)
				}
			}
			for _, r := range asList(m["represented"]) {
				r := r.(map[string]any)
				if rut, ok := r["rut"]; ok {
					ruts++
					if r["kind"] != "legal_person" {
						t.Errorf("%s: RUT on a %v", path, r["kind"])
					}
					if !validRUT(str(rut)) {
						t.Errorf("%s: invalid RUT %v", path, rut)
					}
				}
			}
		case "lobby/viajes":
			if !inOffice(str(m["official"]), str(m["start_date"])) || !inOffice(str(m["official"]), str(m["end_date"])) {
				t.Errorf("%s: %v not in office for the whole trip", path, m["official"])
			}
		case "lobby/donativos":
			if !inOffice(str(m["official"]), str(m["date"])) {
				t.Errorf("%s: %v not in office", path, m["official"])
			}
		case "contactos":
			if m["phones"] == nil && m["email"] == nil && m["address"] == nil {
				t.Errorf("%s: no phone, email nor address", path)
			}
			for _, p := range asList(m["phones"]) {
				num, err := phonenumbers.Parse(str(p), "CL")
				if err != nil || !phonenumbers.IsValidNumber(num) {
					t.Errorf("%s: phone %q is not a valid Chilean number", path, p)
				}
			}
		}
	}
	for what, n := range map[string]int{"RUTs": ruts, "all-day events": allDay, "recurring events": recurring,
		"cancelled events": cancelled, "trips": counts["lobby/viajes"], "gifts": counts["lobby/donativos"]} {
		if n == 0 {
			t.Errorf("no %s generated", what)
		}
	}
	if counts["prensa"] != 1200 || counts["eventos"] != 500 || counts["contactos"] != 60 {
		t.Errorf("unexpected type mix: %v", counts)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func BenchmarkGenerate10k(b *testing.B) {
	for b.Loop() {
		s, err := generate(10000, 1, testUntil)
		if err != nil {
			b.Fatal(err)
		}
		discard := func(string, []byte) error { return nil }
		if err := renderCabildo(s, discard); err != nil {
			b.Fatal(err)
		}
		if err := renderHugo(s, discard); err != nil {
			b.Fatal(err)
		}
	}
}
