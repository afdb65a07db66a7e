package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// An edit is one save in one tree, and how to tell from the served site
// that the server shows it.
type edit struct {
	rel   string             // the file, relative to the site folder
	apply func(string) error // makes the change to the file at this path
	url   string             // polled until shown says yes
	shown func(code int, body []byte) bool
	// also, if set, must say yes too, about the answer for alsoURL.
	alsoURL string
	also    func(code int, body []byte) bool
}

// A kind of edit: make returns edit number i (0-based) of this kind for
// one tool ("cabildo" or "hugo").
type kind struct {
	name  string // the table's row
	short string
	make  func(t *targets, tool string, i int) (edit, error)
	// criterion says when an edit counts as shown, for the table's notes.
	criterion string
}

var kinds = []kind{
	{"texto de un comunicado", "body", (*targets).body, "la página del comunicado contiene el párrafo nuevo"},
	{"título de un comunicado (metadatos)", "title", (*targets).title, "la página del comunicado muestra el título nuevo"},
	{"hora de inicio de un evento", "event", (*targets).eventTime, "la página del evento tiene la hora nueva (`<time datetime=…>`)"},
	{"comunicado nuevo", "add", (*targets).add, "la página nueva responde 200 con su título"},
	{"comunicado borrado", "delete", (*targets).remove, "Cabildo: la página responde 404 y /prensa/ ya no la enlaza; Hugo: /prensa/ ya no la enlaza (lo que responde entonces su página: ver «borrados»)"},
}

// targets are the files the edits change, the same slugs in both trees
// (bench/gen writes the same items for Cabildo and for Hugo).
type targets struct {
	cabildo, hugo string   // site folders
	scratch       string   // where saves are written before the rename
	press         []string // slugs of press releases, 2×edits of them
	events        []string // slugs of timed, non-recurring events
	edits         int
	// newest is the newest generated release, which no measured edit
	// changes: the warm-up edits it.
	newest string
	// against says that the tree called hugo is a copy of Cabildo's,
	// served by another cabildo program (-against).
	against bool
}

// isHugo reports whether tool's tree is Hugo's.
func (t *targets) isHugo(tool string) bool { return tool == "hugo" && !t.against }

func findTargets(cabildo, hugo, scratch string, edits int) (*targets, error) {
	t := &targets{cabildo: cabildo, hugo: hugo, scratch: scratch, edits: edits}
	press, err := slugs(filepath.Join(cabildo, "content/prensa"))
	if err != nil {
		return nil, err
	}
	// Spread over the years: old and recent releases.
	if len(press) < 2*edits {
		return nil, fmt.Errorf("the site has %d press releases, fewer than %d", len(press), 2*edits)
	}
	for i := range 2 * edits {
		t.press = append(t.press, press[i*len(press)/(2*edits)])
	}
	t.newest = press[len(press)-1]
	events, err := slugs(filepath.Join(cabildo, "content/eventos"))
	if err != nil {
		return nil, err
	}
	for _, s := range events {
		data, err := os.ReadFile(filepath.Join(cabildo, "content/eventos", s+".md"))
		if err != nil {
			return nil, err
		}
		if cabildoStart.Match(data) && !bytes.Contains(data, []byte("FREQ=")) {
			t.events = append(t.events, s)
		}
	}
	if len(t.events) < edits {
		return nil, fmt.Errorf("the site has %d timed events, fewer than %d", len(t.events), edits)
	}
	step := len(t.events) / edits
	picked := t.events[:0]
	for i := range edits {
		picked = append(picked, t.events[i*step])
	}
	t.events = picked
	for _, s := range t.press {
		if _, err := os.Stat(filepath.Join(hugo, "content/prensa", s+".md")); err != nil {
			return nil, fmt.Errorf("the Hugo tree lacks a release of the Cabildo tree: %w", err)
		}
	}
	return t, nil
}

func slugs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && e.Type().IsRegular() && name != "_index" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (t *targets) root(tool string) string {
	if tool == "hugo" {
		return t.hugo
	}
	return t.cabildo
}

// save writes data to a file in the scratch folder and renames it over
// name, as editors save: the watched folder sees one new or replaced
// file, never a half-written one nor a temporary name that one of the
// servers might take for content.
func (t *targets) save(name string, data []byte) error {
	tmp := filepath.Join(t.scratch, filepath.Base(name))
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func (t *targets) rewrite(name string, change func([]byte) ([]byte, error)) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	data, err = change(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return t.save(name, data)
}

func contains(marker string) func(int, []byte) bool {
	return func(code int, body []byte) bool {
		return code == http.StatusOK && bytes.Contains(body, []byte(marker))
	}
}

func pressURL(slug string) string { return "/prensa/" + slug + "/" }

func (t *targets) body(tool string, i int) (edit, error) {
	slug := t.press[i]
	marker := fmt.Sprintf("(marca lat-cuerpo-%02d)", i)
	return edit{
		rel: "content/prensa/" + slug + ".md",
		apply: func(name string) error {
			return t.rewrite(name, func(b []byte) ([]byte, error) {
				return append(b, fmt.Sprintf("\nPárrafo agregado por la prueba de latencia %s.\n", marker)...), nil
			})
		},
		url:   pressURL(slug),
		shown: contains(marker),
	}, nil
}

// warmup is a body edit of the newest release, marked so that it shows
// in both trees alike.
func (t *targets) warmup() edit {
	marker := fmt.Sprintf("(marca lat-calentamiento-%d)", time.Now().UnixNano())
	return edit{
		rel: "content/prensa/" + t.newest + ".md",
		apply: func(name string) error {
			return t.rewrite(name, func(b []byte) ([]byte, error) {
				return append(b, fmt.Sprintf("\nPárrafo de calentamiento %s.\n", marker)...), nil
			})
		},
		url:   pressURL(t.newest),
		shown: contains(marker),
	}
}

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

func (t *targets) title(tool string, i int) (edit, error) {
	slug := t.press[t.edits+i]
	marker := fmt.Sprintf("Título cambiado por la prueba de latencia %02d", i)
	return edit{
		rel: "content/prensa/" + slug + ".md",
		apply: func(name string) error {
			return t.rewrite(name, func(b []byte) ([]byte, error) {
				if !titleLine.Match(b) {
					return nil, fmt.Errorf("no title line")
				}
				return titleLine.ReplaceAll(b, []byte(`title: "`+marker+`"`)), nil
			})
		},
		url:   pressURL(slug),
		shown: contains("<h1>" + marker),
	}, nil
}

// The start of a timed event: Cabildo's `start:` in local time, Hugo's
// `date:` with the offset (bench/gen writes the same instant).
var (
	cabildoStart = regexp.MustCompile(`(?m)^start: (\d{4}-\d\d-\d\d)T(\d\d):(\d\d)$`)
	hugoStart    = regexp.MustCompile(`(?m)^date: (\d{4}-\d\d-\d\d)T(\d\d):(\d\d):00([+-]\d\d:\d\d)$`)
)

// eventTime moves an event's start 7 minutes later. bench/gen starts
// events on quarter hours and ends them at least 30 minutes later, so
// the new time is new on the page and the event still ends after it
// starts. Both servers write the start as <time datetime="…">.
func (t *targets) eventTime(tool string, i int) (edit, error) {
	slug := t.events[i]
	rel := "content/eventos/" + slug + ".md"
	data, err := os.ReadFile(filepath.Join(t.root(tool), rel))
	if err != nil {
		return edit{}, err
	}
	re := cabildoStart
	if t.isHugo(tool) {
		re = hugoStart
	}
	m := re.FindSubmatchIndex(data)
	if m == nil {
		return edit{}, fmt.Errorf("%s: no start time", rel)
	}
	date := string(data[m[2]:m[3]])
	var h, min int
	fmt.Sscanf(string(data[m[4]:m[5]])+" "+string(data[m[6]:m[7]]), "%d %d", &h, &min)
	if min%15 != 0 {
		return edit{}, fmt.Errorf("%s: start %02d:%02d is not on a quarter hour (edited before?)", rel, h, min)
	}
	hhmm := fmt.Sprintf("%02d:%02d", h, min+7)
	marker := fmt.Sprintf(`datetime="%sT%s:00`, date, hhmm)
	return edit{
		rel: rel,
		apply: func(name string) error {
			return t.rewrite(name, func(b []byte) ([]byte, error) {
				// Replace the minutes only: m[6]:m[7] in the file as read.
				if !bytes.Equal(b, data) {
					return nil, fmt.Errorf("changed since it was read")
				}
				out := slices.Concat(b[:m[4]], []byte(hhmm), b[m[7]:])
				return out, nil
			})
		},
		url:   "/eventos/" + slug + "/",
		shown: contains(marker),
	}, nil
}

// added is the slug of new release i: dated after every generated item
// (bench/gen stops at 2026-10-31) and before serve's -now, one day
// apart, so that it is at the top of the list of releases.
func added(i int) string {
	return fmt.Sprintf("2026-11-%02d-comunicado-de-la-prueba-de-latencia-%02d", i+1, i)
}

func (t *targets) add(tool string, i int) (edit, error) {
	slug := added(i)
	title := fmt.Sprintf("Comunicado nuevo de la prueba de latencia %02d", i)
	var text string
	if t.isHugo(tool) {
		text = fmt.Sprintf("---\ntitle: %q\ndate: 2026-11-%02dT10:00:00-03:00\nsummary: \"Un comunicado escrito durante la prueba de latencia.\"\ntags: [participacion]\n---\nTexto del comunicado %02d.\n", title, i+1, i)
	} else {
		text = fmt.Sprintf("---\ntitle: %q\ndate: 2026-11-%02dT10:00\nsummary: \"Un comunicado escrito durante la prueba de latencia.\"\ntopics: [participacion]\n---\nTexto del comunicado %02d.\n", title, i+1, i)
	}
	return edit{
		rel: "content/prensa/" + slug + ".md",
		apply: func(name string) error {
			if _, err := os.Stat(name); err == nil {
				return fmt.Errorf("%s exists already", name)
			}
			return t.save(name, []byte(text))
		},
		url:   pressURL(slug),
		shown: contains("<h1>" + title),
	}, nil
}

// remove deletes the releases add wrote, the newest first: the one
// deleted is always at the top of /prensa/, so that «the list no longer
// links it» is about the list's first page. Nothing links to them, so
// deleting them is no error in Cabildo.
func (t *targets) remove(tool string, i int) (edit, error) {
	slug := added(t.edits - 1 - i)
	link := []byte(`href="` + pressURL(slug) + `"`)
	unlisted := func(code int, body []byte) bool {
		return code == http.StatusOK && !bytes.Contains(body, link)
	}
	e := edit{
		rel:   "content/prensa/" + slug + ".md",
		apply: os.Remove,
		url:   "/prensa/",
		shown: unlisted,
	}
	if !t.isHugo(tool) {
		e.alsoURL = pressURL(slug)
		e.also = func(code int, _ []byte) bool { return code == http.StatusNotFound }
	}
	return e, nil
}

// measure makes e in s's tree and polls until s shows it, every
// interval, at most limit. It returns the time from just before the
// write to the answer that showed it.
func measure(ctx context.Context, s *server, e edit, interval, limit time.Duration) (time.Duration, error) {
	// The change must not show before it is made: a marker that is
	// there already would measure nothing.
	code, body, err := get(s.base + e.url)
	if err != nil {
		return 0, err
	}
	if e.alsoURL == "" && e.shown(code, body) {
		return 0, fmt.Errorf("%s %s shows the change before it was made", s.name, e.url)
	}
	if e.alsoURL != "" && e.shown(code, body) {
		return 0, fmt.Errorf("%s %s does not link the release before it was deleted", s.name, e.url)
	}
	name := filepath.Join(s.root, filepath.FromSlash(e.rel))
	begin := time.Now()
	if err := e.apply(name); err != nil {
		return 0, err
	}
	deadline := begin.Add(limit)
	for next := begin; ; {
		// An answer cut short is no answer: hugo server sends pages from
		// its public/ folder, and may be rewriting the one asked for.
		code, body, err := get(s.base + e.url)
		ok := err == nil && e.shown(code, body)
		if ok && e.alsoURL != "" {
			code, body, err = get(s.base + e.alsoURL)
			ok = err == nil && e.also(code, body)
		}
		if err != nil {
			s.failed.Add(1)
			s.lastErr.Store(err.Error())
		}
		if ok {
			return time.Since(begin), nil
		}
		if time.Now().After(deadline) {
			return limit, errTimeout
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		} else {
			next = time.Now()
		}
	}
}

var errTimeout = fmt.Errorf("timeout")
