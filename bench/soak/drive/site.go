// Package drive is the soak benchmark of `cabildo serve` (bench/soak):
// it prepares a generated site in a git repository, makes a day's worth
// of edits of every kind to it while serve runs, waits for each rebuild,
// samples serve's memory, goroutines and open files as it goes, and at the
// end compares the served site with a fresh `cabildo build` of the same
// files, byte for byte.
//
// The command bench/soak drives a `cabildo serve` process; the short
// test in cmd/cabildo drives serve in the test's own process. Both give
// Run a Target.
package drive

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"cabildo/bench/gen/sitegen"
)

// Other is the branch Prepare makes besides main.
const Other = "otra"

// Prepare writes a generated site of n items into dir (bench/gen/sitegen,
// seed 1), makes it a git repository on branch main, and commits on a
// branch Other a rewrite of the title and body of mass press releases,
// as a colleague's branch would; main is checked out at the end.
func Prepare(dir string, n, mass int) error {
	if _, err := sitegen.Write(n, 1, sitegen.DefaultUntil, dir, ""); err != nil {
		return err
	}
	g := gitIn(dir)
	if err := g("init", "-q", "-b", "main"); err != nil {
		return err
	}
	if err := g("add", "-A"); err != nil {
		return err
	}
	if err := g("commit", "-q", "-m", "sitio generado"); err != nil {
		return err
	}
	if err := g("checkout", "-q", "-b", Other); err != nil {
		return err
	}
	press, err := pressFiles(dir)
	if err != nil {
		return err
	}
	if len(press) < mass {
		return fmt.Errorf("the site has %d press releases, fewer than %d", len(press), mass)
	}
	for i, p := range press[:mass] {
		err := rewriteFile(filepath.Join(dir, p), func(s string) string {
			s = titleLine.ReplaceAllString(s, fmt.Sprintf(`title: "Versión de la rama %s, %d"`, Other, i))
			return s + "\nPárrafo agregado en la rama " + Other + ".\n"
		})
		if err != nil {
			return err
		}
	}
	if err := g("commit", "-q", "-a", "-m", "cambios de la otra rama"); err != nil {
		return err
	}
	return g("checkout", "-q", "main")
}

// gitIn runs git commands in dir, with an identity of their own.
func gitIn(dir string) func(args ...string) error {
	return func(args ...string) error {
		cmd := exec.Command("git", append([]string{"-c", "user.name=soak", "-c", "user.email=soak@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
}

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

// pressFiles lists the press releases of the site at dir, sorted, as
// paths relative to it.
func pressFiles(dir string) ([]string, error) {
	return listMD(dir, "content/prensa")
}

func listMD(dir, sub string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".md") {
			out = append(out, sub+"/"+e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

// rewriteFile replaces a file's text with edit's, writing a temporary file
// and renaming it over the old one, as editors save.
func rewriteFile(name string, edit func(string) string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(edit(string(data))), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
