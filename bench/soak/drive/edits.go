package drive

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// kind is a kind of edit, with its share of the edits that are not branch
// switches.
type kind struct {
	name   string
	weight int
	do     func(e *editor, n int) error
}

// kinds: what an editor's day is made of. Titles, event times, added,
// deleted and renamed files change what many pages show (lists, feeds,
// calendars: a full render); a body changes few (a partial one).
var kinds = []kind{
	{"texto", 40, (*editor).body},
	{"título", 20, (*editor).title},
	{"hora de evento", 15, (*editor).eventTime},
	{"nuevo", 10, (*editor).add},
	{"borrado", 8, (*editor).remove},
	{"renombrado", 7, (*editor).rename},
}

// editor makes the edits, deterministically for one seed.
type editor struct {
	dir string
	rng *rand.Rand
	git func(args ...string) error
	// Paths of the soak's own files on the branch checked out: the ones
	// deleted and renamed, since nothing links to them (deleting a release
	// other texts link to is an error, which this benchmark is not about).
	own    []string
	branch string
	// URLs that were served and are gone: they must answer 404 at the end.
	gone []string
}

func newEditor(dir string, seed uint64) *editor {
	return &editor{dir: dir, rng: rand.New(rand.NewPCG(seed, 0x50a6)), git: gitIn(dir), branch: "main"}
}

// pick chooses the kind of edit number n (0-based): every hundred edits,
// the 50th switches to the other branch and the 100th back; the others
// are drawn by weight.
func (e *editor) pick(n int) (string, func(*editor, int) error) {
	switch n % 100 {
	case 49, 99:
		return "cambio de rama", (*editor).switchBranch
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	r := e.rng.IntN(total)
	for _, k := range kinds {
		if r < k.weight {
			return k.name, k.do
		}
		r -= k.weight
	}
	panic("unreachable")
}

func (e *editor) randomFile(sub string) (string, error) {
	files, err := listMD(e.dir, sub)
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", fmt.Errorf("no files in %s", sub)
	}
	return files[e.rng.IntN(len(files))], nil
}

func (e *editor) body(n int) error {
	p, err := e.randomFile("content/prensa")
	if err != nil {
		return err
	}
	return rewriteFile(filepath.Join(e.dir, p), func(s string) string {
		return s + fmt.Sprintf("\nPárrafo de la edición %d, con **énfasis**.\n", n)
	})
}

func (e *editor) title(n int) error {
	p, err := e.randomFile("content/prensa")
	if err != nil {
		return err
	}
	return rewriteFile(filepath.Join(e.dir, p), func(s string) string {
		return titleLine.ReplaceAllLiteralString(s, fmt.Sprintf(`title: "Título de la edición %d"`, n))
	})
}

var startLine = regexp.MustCompile(`(?m)^start: (\d{4}-\d\d-\d\dT\d\d):(\d\d)$`)

// eventTime moves the start of a timed event between :00 and :05 of its
// hour, which keeps it before its end.
func (e *editor) eventTime(n int) error {
	for range 100 {
		p, err := e.randomFile("content/eventos")
		if err != nil {
			return err
		}
		name := filepath.Join(e.dir, p)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		m := startLine.FindStringSubmatch(string(data))
		if m == nil {
			continue // an all-day event
		}
		min := "00"
		if m[2] == "00" {
			min = "05"
		}
		return rewriteFile(name, func(s string) string {
			return strings.Replace(s, m[0], "start: "+m[1]+":"+min, 1)
		})
	}
	return fmt.Errorf("no timed event found")
}

// The names of the soak's own files. The generated site has releases of
// 2026-10-30 too, which other texts may link to: the prefixes tell ours
// apart.
const (
	addedPrefix   = "2026-10-30-edicion-"
	renamedPrefix = "2026-10-30-renombrado-"
)

func (e *editor) add(n int) error {
	p := fmt.Sprintf("content/prensa/%s%d.md", addedPrefix, n)
	text := fmt.Sprintf("---\ntitle: \"Comunicado nuevo de la edición %d\"\ndate: 2026-10-30T11:00\nsummary: \"Un comunicado escrito durante la prueba de resistencia.\"\ntopics: [participacion]\n---\nTexto del comunicado %d.\n", n, n)
	if err := os.WriteFile(filepath.Join(e.dir, p), []byte(text), 0o644); err != nil {
		return err
	}
	e.own = append(e.own, p)
	return nil
}

// takeOwn removes and returns one of the soak's files, or "" if there is
// none.
func (e *editor) takeOwn() string {
	if len(e.own) == 0 {
		return ""
	}
	i := e.rng.IntN(len(e.own))
	p := e.own[i]
	e.own = append(e.own[:i], e.own[i+1:]...)
	return p
}

func urlOf(p string) string {
	return "/prensa/" + strings.TrimSuffix(filepath.Base(p), ".md") + "/"
}

func (e *editor) remove(n int) error {
	p := e.takeOwn()
	if p == "" {
		return e.add(n)
	}
	e.gone = append(e.gone, urlOf(p))
	return os.Remove(filepath.Join(e.dir, p))
}

func (e *editor) rename(n int) error {
	p := e.takeOwn()
	if p == "" {
		return e.add(n)
	}
	to := fmt.Sprintf("content/prensa/%s%d.md", renamedPrefix, n)
	e.gone = append(e.gone, urlOf(p))
	e.own = append(e.own, to)
	return os.Rename(filepath.Join(e.dir, p), filepath.Join(e.dir, to))
}

// switchBranch commits the edits so far (the working tree stays as it
// is) and checks out the other branch, which changes some hundreds of
// files at once.
func (e *editor) switchBranch(int) error {
	to := Other
	if e.branch == Other {
		to = "main"
	}
	if err := e.git("add", "-A"); err != nil {
		return err
	}
	if err := e.git("commit", "-q", "--allow-empty", "-m", "ediciones"); err != nil {
		return err
	}
	if err := e.git("checkout", "-q", to); err != nil {
		return err
	}
	// The soak's files of this branch; the other branch's went away.
	for _, p := range e.own {
		if _, err := os.Stat(filepath.Join(e.dir, p)); err != nil {
			e.gone = append(e.gone, urlOf(p))
		}
	}
	e.branch = to
	own, err := listMD(e.dir, "content/prensa")
	if err != nil {
		return err
	}
	e.own = e.own[:0]
	for _, p := range own {
		if base := filepath.Base(p); strings.HasPrefix(base, addedPrefix) || strings.HasPrefix(base, renamedPrefix) {
			e.own = append(e.own, p)
		}
	}
	return nil
}
