package build

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	goical "github.com/emersion/go-ical"
	"golang.org/x/tools/txtar"
)

// historyNow is the clock of every step of an edit history.
var historyNow = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

// TestEditHistory replays each testdata/history/*.txtar: consecutive
// builds, each given the state the previous one recorded, as cabildo
// build reads it from public/.cabildo. At every step it compares the
// diagnostics exactly, checks the step's expectations on the output and,
// across steps, that every event keeps its UID and that SEQUENCE rises
// whenever what a calendar shows of it changed. With CABILDO_HISTORY_OUT
// set, each step's .ics files are written under that folder for the
// independent parsers of ../shared/ical-check (.ci/run does this).
func TestEditHistory(t *testing.T) {
	files, _ := filepath.Glob("testdata/history/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			steps := map[int][]txtar.File{}
			last := 0
			for _, f := range ar.Files {
				n, rest, ok := strings.Cut(f.Name, "/")
				step, err := strconv.Atoi(n)
				if !ok || err != nil {
					t.Fatalf("%s: a file name must start with the step number: %q", file, f.Name)
				}
				steps[step] = append(steps[step], txtar.File{Name: rest, Data: f.Data})
				last = max(last, step)
			}
			fsys := fstest.MapFS{}
			var state []byte
			var prev map[string]feedEvent
			for step := 1; step <= last; step++ {
				var want, expect string
				for _, f := range steps[step] {
					switch f.Name {
					case "want":
						want = string(f.Data)
					case "expect":
						expect = string(f.Data)
					default:
						if strings.TrimSpace(string(f.Data)) == "(borrado)" {
							delete(fsys, f.Name)
						} else {
							fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
						}
					}
				}
				res := Build(fsys, Options{Now: historyNow, Previous: state})
				var got strings.Builder
				for _, d := range res.Diags {
					got.WriteString(d.Error() + "\n")
				}
				if got.String() != want {
					t.Errorf("step %d: diagnostics differ\n--- got\n%s--- want\n%s", step, got.String(), want)
				}
				if res.Files == nil {
					t.Fatalf("step %d: the build failed", step)
				}
				get := func(p string) (string, bool) {
					b, ok := res.Files.Get(p)
					return string(b), ok
				}
				for _, line := range strings.Split(strings.TrimSpace(expect), "\n") {
					if line == "" {
						continue
					}
					path, text, _ := strings.Cut(line, ": ")
					body, ok := get(path)
					switch {
					case text == "(no existe)":
						if ok {
							t.Errorf("step %d: %s exists", step, path)
						}
					case !ok:
						t.Errorf("step %d: %s does not exist", step, path)
					case strings.HasPrefix(text, "!"):
						if strings.Contains(body, text[1:]) {
							t.Errorf("step %d: %s contains %q", step, path, text[1:])
						}
					case !strings.Contains(unfold(body), text):
						t.Errorf("step %d: %s lacks %q", step, path, text)
					}
				}
				feed, _ := get("eventos/calendario.ics")
				cur := feedEvents(t, step, []byte(feed))
				checkSequences(t, step, prev, cur, got.String())
				if dir := os.Getenv("CABILDO_HISTORY_OUT"); dir != "" {
					for _, p := range res.Files.Paths() {
						if strings.HasSuffix(p, ".ics") {
							b, _ := get(p)
							dst := filepath.Join(dir, name, strconv.Itoa(step), p)
							if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
								t.Fatal(err)
							}
							if err := os.WriteFile(dst, []byte(b), 0o644); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
				state, prev = res.State, cur
			}
		})
	}
}

// unfold undoes iCalendar line folding, so that expectations can name a
// property whole; other files have no CRLF followed by a space.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// feedEvent is what a subscribed calendar shows of one event: its
// VEVENTs (the series and its moved dates) without the stamps.
type feedEvent struct {
	sequence int
	shown    string
}

// feedEvents decodes a feed with go-ical, a parser independent of the
// writer, grouping VEVENTs by UID.
func feedEvents(t *testing.T, step int, data []byte) map[string]feedEvent {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("step %d: go-ical cannot read the feed: %v", step, err)
	}
	out := map[string]feedEvent{}
	for _, ev := range cal.Events() {
		uid := ev.Props.Get(goical.PropUID).Value
		seq, _ := ev.Props.Get(goical.PropSequence).Int()
		fe := out[uid]
		if ev.Props.Get(goical.PropRecurrenceID) == nil {
			fe.sequence = seq
		} else if seq != fe.sequence && fe.shown != "" {
			t.Errorf("step %d: %s: a moved date has SEQUENCE %d, the series %d", step, uid, seq, fe.sequence)
		}
		var parts []string
		for _, name := range []string{goical.PropRecurrenceID, goical.PropDateTimeStart, goical.PropDateTimeEnd, goical.PropLocation, goical.PropStatus, goical.PropRecurrenceRule, goical.PropExceptionDates} {
			for _, p := range ev.Props.Values(name) {
				parts = append(parts, name+"="+p.Value)
			}
		}
		fe.shown += strings.Join(parts, ";") + "\n"
		out[uid] = fe
	}
	return out
}

// checkSequences: an event that stays in the feed keeps its UID (a UID
// that disappears while its title is still published is a duplicate in
// subscribers' calendars, which step expectations catch), and its
// SEQUENCE never falls and rises whenever what it shows changed.
func checkSequences(t *testing.T, step int, prev, cur map[string]feedEvent, diags string) {
	t.Helper()
	uids := make([]string, 0, len(cur))
	for uid := range cur {
		uids = append(uids, uid)
	}
	slices.SortFunc(uids, cmp.Compare)
	for _, uid := range uids {
		was, ok := prev[uid]
		if !ok {
			continue
		}
		is := cur[uid]
		switch {
		case is.sequence < was.sequence:
			t.Errorf("step %d: %s SEQUENCE fell from %d to %d", step, uid, was.sequence, is.sequence)
		case is.shown != was.shown && is.sequence == was.sequence && !strings.Contains(diags, "el cambio no está declarado"):
			// Allowed only when the build warned the editor, who
			// did not declare the change.
			t.Errorf("step %d: %s changed without a new SEQUENCE and without a warning", step, uid)
		}
	}
}
