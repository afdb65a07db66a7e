package render

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"cabildo/internal/content"
	"cabildo/internal/output"
	"cabildo/internal/spanish"
)

func init() { register((*Renderer).searchJobs) }

// The search is a static index plus one small script (themes/default/
// assets/buscar.js), the only JavaScript of the site: the build writes
// /buscar/indice.json with every published item, already folded into
// search tokens, and the script ranks it in the reader's browser. Without
// JavaScript /buscar/ is a form whose results area points to the archives.

// SearchIndex is /buscar/indice.json. Keys are short because every phone
// that searches downloads the whole file.
type SearchIndex struct {
	// Stop lists the words left out of the tokens; the script drops them
	// from queries too, so that both sides agree without duplicating the
	// list in JavaScript.
	Stop  []string      `json:"stop"`
	Items []SearchEntry `json:"items"`
}

// SearchEntry is one published item in the index.
type SearchEntry struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Kind    string `json:"k"`           // Spanish type label: "Comunicado"
	Date    string `json:"d,omitempty"` // ISO date, for ordering and <time datetime>
	DateES  string `json:"f,omitempty"` // the same date in Spanish, for display
	Summary string `json:"s,omitempty"`
	// Tokens per field, folded, deduplicated, space-separated. A token in
	// the title is not repeated in the summary or the body, nor one of the
	// summary in the body: the script scores a query word by the best field
	// it appears in, so the repetitions would only add weight to the file.
	TitleTokens   string `json:"tt"`
	SummaryTokens string `json:"ts,omitempty"`
	BodyTokens    string `json:"tb,omitempty"`
}

// maxBodyRunes and maxBodyTokens bound what one item adds to the index:
// the start of a text says what it is about, and a long text would
// otherwise make every phone download it whole.
const (
	maxBodyRunes  = 6000
	maxBodyTokens = 250
)

// stopWords are frequent Spanish words that find everything and rank
// nothing. Kept short on purpose: "no", "sin" or "más" can matter in a
// query and stay searchable.
var stopWords = []string{
	"al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los",
	"para", "por", "que", "se", "su", "sus", "un", "una", "unas", "unos", "y",
}

var stopSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopWords {
		m[w] = true
	}
	return m
}()

func (r *Renderer) searchJobs() []func() {
	return []func(){r.searchIndex, r.searchPage}
}

// searchIndex writes /buscar/indice.json.
func (r *Renderer) searchIndex() {
	rows := r.searchRows()
	// The index is the largest file of a site (12 MB at 10,000 items,
	// 120 MB at 100,000). Each entry is encoded on its own (searchRow)
	// and the file is their concatenation, the bytes of
	// Encode(SearchIndex{…}): in memory for serve, which keeps every file
	// anyway; assembled in r.spill for a lean build, which never holds it.
	stop, err := encodeSearchJSON(stopWords)
	if err != nil {
		r.errorf(content.Pos{File: "buscar/indice.json"}, "%v", err)
		return
	}
	for _, row := range rows {
		if row.err != nil {
			r.errorf(content.Pos{File: "buscar/indice.json"}, "%v", row.err)
			return
		}
	}
	head, tail := append(append([]byte(`{"stop":`), stop...), `,"items":[`...), []byte("]}\n")
	if r.spill != nil {
		r.spilledIndex(rows, head, tail)
		return
	}
	size := len(head) + len(tail)
	for _, row := range rows {
		size += len(row.json) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	for i, row := range rows {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, row.json...)
	}
	out = append(out, tail...)
	r.add("/buscar/indice.json", out)
}

// spilledIndex writes the index of a lean render: its entries are in
// r.spill (rowSpill), and so is the index, assembled after them and handed
// to the sink from the file.
func (r *Renderer) spilledIndex(rows []searchRow, head, tail []byte) {
	fail := func(err error) {
		r.errorf(content.Pos{File: "buscar/indice.json"}, "no se pudo armar el índice de búsqueda en un archivo temporal: %v", err)
	}
	if err := r.spill.flush(); err != nil {
		fail(err)
		return
	}
	start := r.spill.put(head)
	var buf []byte
	for i, row := range rows {
		var err error
		if buf, err = r.spill.readAt(buf, row.at, row.n); err != nil {
			fail(err)
			return
		}
		if i > 0 {
			r.spill.put([]byte(","))
		}
		r.spill.put(buf)
	}
	r.spill.put(tail)
	if err := r.spill.flush(); err != nil {
		fail(err)
		return
	}
	src, size := r.spill.section(start)
	r.record("buscar/indice.json", output.AddFrom(r.out, "buscar/indice.json", src, size))
}

// encodeSearchJSON encodes v as encoding/json does, without escaping <, >
// and &: the index is served as application/json, never inlined in HTML,
// and the escapes would only make the file bigger.
func encodeSearchJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	// An exact copy: the encoder's buffer has grown by doubling, and a
	// large site keeps one entry per item until the index is written.
	return bytes.Clone(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// searchRow is one entry of the index, encoded, and what it is sorted by.
// In a lean render the encoding is in r.spill, n bytes at at.
type searchRow struct {
	date, title, url string
	json             []byte
	at               int64
	n                int
	err              error
}

// keepSearchRow moves row's encoding to r.spill, if the render has one.
func (r *Renderer) keepSearchRow(row searchRow) searchRow {
	if r.spill != nil && row.err == nil {
		row.at, row.n = r.spill.put(row.json), len(row.json)
		row.json = nil
	}
	return row
}

// searchRows gathers every published item but the home page, newest
// first; items without a date (pages, contacts) come last, by title.
func (r *Renderer) searchRows() []searchRow {
	var items []content.Item
	for _, it := range r.site.Items() {
		if it != content.Item(r.site.Home) {
			items = append(items, it)
		}
	}
	// One entry per item, on every core: folding and tokenizing every
	// text is the largest single job of a build, and would otherwise run
	// alone at the end while the other cores wait.
	rows := make([]searchRow, len(items))
	parallel(len(items), func(i int) { rows[i] = r.searchRow(items[i]) })
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if a.date != b.date {
			return a.date > b.date
		}
		if a.title != b.title {
			return a.title < b.title
		}
		return a.url < b.url
	})
	return rows
}

// searchRow encodes the entry of it, or takes it from the Cache when
// neither the item nor its body changed since it was encoded.
func (r *Renderer) searchRow(it content.Item) searchRow {
	body := r.body(it)
	if r.slots != nil {
		if row := r.slots[it].search; row != nil {
			return *row // made when the body was rendered (Lean)
		}
	}
	if row, ok := r.opt.Cache.searchRow(it, body); ok {
		return row
	}
	row := r.encodeSearchRow(it, body.Text)
	if row.err == nil {
		r.opt.Cache.keepSearchRow(it, body, row)
	}
	return r.keepSearchRow(row)
}

// encodeSearchRow makes the index entry of it, whose body reads text.
func (r *Renderer) encodeSearchRow(it content.Item, text string) searchRow {
	e := r.searchEntry(it, text)
	j, err := encodeSearchJSON(&e)
	return searchRow{date: e.Date, title: e.Title, url: e.URL, json: j, err: err}
}

// searchEntry describes one item: its label, its date, and the words it
// should be found by besides its body — for lobby records, the people and
// organisations named, which is what citizens search them by.
func (r *Renderer) searchEntry(it content.Item, text string) SearchEntry {
	m := it.Metadata()
	e := SearchEntry{Title: m.Title, URL: it.URL(), Summary: m.Summary}
	var date time.Time
	var extra []string
	official := func(id string) string {
		if o := r.cfg.Official(id); o != nil {
			return o.Name + " " + o.Position
		}
		return ""
	}
	switch v := it.(type) {
	case *content.Page:
		e.Kind = "Página"
	case *content.PressRelease:
		e.Kind = "Comunicado"
		date = v.Date.In(r.loc)
		extra = append(extra, v.Dateline)
		extra = append(extra, v.Topics...)
	case *content.Event:
		e.Kind = "Actividad"
		date = v.Start.Instant(r.loc)
		extra = append(extra, v.Location.Name, v.Location.Address, r.cfg.Categories.Label(v.Category))
		switch v.EffectiveStatus() {
		case content.StatusCancelled:
			e.Kind = "Actividad cancelada"
		case content.StatusPostponed:
			e.Kind = "Actividad postergada"
		}
	case *content.Audience:
		e.Kind = "Audiencia (Ley del Lobby)"
		date = v.Start.In(r.loc)
		if e.Summary == "" {
			e.Summary = v.SubjectMatter
		}
		extra = append(extra, v.SubjectMatter, v.Place)
		for _, id := range v.Officials {
			extra = append(extra, official(id))
		}
		for _, a := range v.Attendees {
			if !a.Protected {
				extra = append(extra, a.Name, a.Employer)
			}
		}
		for _, p := range v.Represented {
			extra = append(extra, p.Name)
		}
	case *content.Trip:
		e.Kind = "Viaje (Ley del Lobby)"
		date = dayTime(v.StartDate)
		if e.Summary == "" {
			e.Summary = v.Purpose
		}
		extra = append(extra, v.Destination.Place, v.Purpose, official(v.Official))
		for _, f := range v.Funders {
			extra = append(extra, f.Name)
		}
	case *content.Gift:
		e.Kind = "Donativo (Ley del Lobby)"
		date = dayTime(v.Date)
		if e.Summary == "" {
			e.Summary = v.Description
		}
		extra = append(extra, v.Description, v.Occasion, official(v.Official))
		for _, d := range v.Donors {
			extra = append(extra, d.Name)
		}
	case *content.Report:
		e.Kind = "Informe trimestral"
		if q, ok := content.ParseQuarter(v.Doc.Slug); ok {
			if e.Title == "" {
				e.Title = "Informe del " + q.Label()
			}
			date = dayTime(q.LastDay())
			extra = append(extra, q.Label(), q.Months())
		}
	case *content.Contact:
		e.Kind = "Contacto"
		if e.Title == "" {
			e.Title = v.Position
		}
		if e.Summary == "" {
			e.Summary = strings.Join(nonEmpty(v.Name, v.Position, v.Unit), " · ")
		}
		extra = append(extra, v.Position, v.Name, v.Unit, v.Email, v.Address)
		for _, p := range v.Phones {
			// Both as written and as dialled, so "225401756" finds "22 540 17 56".
			extra = append(extra, p.Raw, strings.TrimPrefix(p.E164, "+56"))
		}
	}
	if !date.IsZero() {
		e.Date = date.Format("2006-01-02")
		e.DateES = spanish.ShortDate(date)
	}
	t := newTokenizer()
	defer t.free()
	e.TitleTokens = t.field(-1, -1, e.Title)
	e.SummaryTokens = t.field(-1, -1, e.Summary)
	e.BodyTokens = t.field(maxBodyRunes, maxBodyTokens, strings.Join(nonEmpty(extra...), " "), " ", text)
	return e
}

// Fold lower-cases s and removes its accents and diacritics (decomposing
// it and dropping the combining marks), so that "educacion" finds
// "Educación" and "nino" finds "niño". buscar.js folds queries the same
// way: s.normalize("NFD"), drop \p{Mn}, toLowerCase().
//
// ASCII is copied lower-cased without going through the normalizer, which
// was most of the cost of the search index: an ASCII character is a
// starter that NFD neither decomposes nor moves marks across, so the NFD
// of a text is the NFD of its non-ASCII runs with the ASCII left as is.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if !utf8.ValidString(s) {
		// The normalizer treats invalid bytes by position; keep its
		// answer for the whole text (bodies are valid UTF-8: load checks).
		s = norm.NFD.String(s)
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		for _, c := range norm.NFD.String(s[i:j]) {
			if unicode.Is(unicode.Mn, c) {
				continue
			}
			b.WriteRune(unicode.ToLower(c))
		}
		i = j
	}
	return b.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SearchView is the search page's Data: what to offer instead of results
// when the browser runs no JavaScript.
type SearchView struct {
	Index     string       // URL of the index, for the script
	Years     []SearchYear // press archive per year, newest first
	HasTopics bool         // whether /prensa/temas/ lists anything
	Sections  []NavItem    // the main sections
	Pages     []NavItem    // the free pages
}

// SearchYear is one year of the press archive, linked from the search page.
type SearchYear struct {
	Year  int
	URL   string
	Count int
}

func (r *Renderer) searchPage() {
	v := &SearchView{Index: "/buscar/indice.json"}
	count := map[int]int{}
	for _, p := range r.site.Press {
		count[p.Date.In(r.loc).Year()]++
		if len(p.Topics) > 0 {
			v.HasTopics = true
		}
	}
	for y, n := range count {
		v.Years = append(v.Years, SearchYear{Year: y, URL: "/prensa/" + strconv.Itoa(y) + "/", Count: n})
	}
	sort.Slice(v.Years, func(i, j int) bool { return v.Years[i].Year > v.Years[j].Year })
	for _, n := range r.nav() {
		if n.Section != "" && n.Section != "buscar" {
			v.Sections = append(v.Sections, n)
		}
	}
	for _, pg := range r.site.Pages {
		v.Pages = append(v.Pages, NavItem{Title: pg.Title, URL: pg.URL()})
	}
	sort.Slice(v.Pages, func(i, j int) bool { return v.Pages[i].Title < v.Pages[j].Title })
	r.page("/buscar/", "search.html", &Page{
		Title:       "Buscar en el sitio",
		Description: "Busque noticias, actividades, registros de la Ley del Lobby y contactos de " + r.cfg.Title + ".",
		NoIndex:     true,
		Scripts:     []string{"buscar.js"},
		Data:        v,
	})
}
