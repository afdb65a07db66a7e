package content_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"cabildo/internal/content"
	"cabildo/internal/load"
)

// runCases loads each dir/*.txtar as a site folder (with dir/site.yaml
// unless the archive has its own content/site.yaml), validates it, lets
// extra add diagnostics, and compares every diagnostic, as
// "file:line:col: message", with the archive's "want" file. -update
// rewrites the want files; read the diff.
func runCases(t *testing.T, dir string, extra func(t *testing.T, ar *txtar.Archive, site *content.Site, diags *content.Diagnostics)) {
	defaultSite, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases in %s: %v", dir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{"content/site.yaml": {Data: defaultSite}}
			wantIdx := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					wantIdx = i
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			site, diags := load.Load(fsys)
			validated := site.Validate()
			// A Checker finds the same, the first time and when it
			// repeats what it remembers.
			c := content.NewChecker()
			for _, round := range []string{"first", "remembered"} {
				if got := c.Validate(site); !slices.Equal(got.Sort(), slices.Clone(validated).Sort()) {
					t.Errorf("a Checker's %s Validate differs:\n%v\nwant:\n%v", round, got, validated)
				}
			}
			diags = append(diags, validated...)
			if extra != nil {
				extra(t, ar, site, &diags)
			}
			var got strings.Builder
			for _, d := range diags.Sort() {
				got.WriteString(d.Error() + "\n")
			}
			if *update {
				f := txtar.File{Name: "want", Data: []byte(got.String())}
				if wantIdx < 0 {
					ar.Files = append(ar.Files, f)
				} else {
					ar.Files[wantIdx] = f
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if wantIdx < 0 {
				t.Fatalf("%s has no want file; run with -update", file)
			}
			if want := string(ar.Files[wantIdx].Data); got.String() != want {
				t.Errorf("diagnostics differ\n got:\n%s\nwant:\n%s", got.String(), want)
			}
		})
	}
}
