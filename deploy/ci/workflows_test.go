// Package ci holds the CI files editors copy into their site's repository
// (github-actions.yml, gitlab-ci.yml) and the test that runs them.
package ci

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"gopkg.in/yaml.v3"
)

// TestWorkflows runs the commands of github-actions.yml and gitlab-ci.yml,
// read from the files themselves, in a copy of this repository: the
// example site must pass the review, a broken file must fail it with an
// annotation on its line, and the publishing job must leave the site in
// the rsync target or in an S3 bucket (gofakes3, an S3 server in this
// process, with the real aws command line). Steps that only exist on the CI service (actions/…)
// are skipped: the copy is already checked out and Go is installed.
//
// It builds cabildo several times and needs rsync and aws, so it runs only when
// CABILDO_WORKFLOWS=1 (deploy/ci/test.sh, from .ci/run).
func TestWorkflows(t *testing.T) {
	if os.Getenv("CABILDO_WORKFLOWS") != "1" {
		t.Skip("set CABILDO_WORKFLOWS=1 to run the CI files (deploy/ci/test.sh)")
	}
	for _, tool := range []string{"rsync", "aws"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (deploy/ci/test.sh installs it)", tool)
		}
	}
	t.Run("github", testGitHub)
	t.Run("gitlab", testGitLab)
}

// brokenPress is a press release with an image without alt text (line 6).
const brokenPress = `---
title: "Nota rota"
date: 2026-11-20T10:00
summary: "Una nota con un error."
---
![](foto.jpg)
`

const brokenFile = "content/prensa/2026-11-20-nota-rota.md"

// githubWorkflow is what the test reads of a GitHub Actions workflow.
type githubWorkflow struct {
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			Env  map[string]string `yaml:"env"`
			Run  string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// runGitHubJob runs the run: steps of job as the runner does (bash -eo
// pipefail), stopping at the first that fails. Expressions ${{ x }} take
// their values from values; a step's if: is true when values says so.
func runGitHubJob(t *testing.T, wf *githubWorkflow, job, dir string, env []string, values map[string]string) (string, error) {
	t.Helper()
	j, ok := wf.Jobs[job]
	if !ok {
		t.Fatalf("no job %q in github-actions.yml", job)
	}
	var out bytes.Buffer
	ran := 0
	for _, s := range j.Steps {
		if s.Run == "" {
			continue
		}
		if s.If != "" && values["if "+s.If] != "true" {
			continue
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
		cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &out, &out
		cmd.Env = append(os.Environ(), env...)
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+expand(v, values))
		}
		ran++
		if err := cmd.Run(); err != nil {
			return out.String(), err
		}
	}
	if ran == 0 {
		t.Fatalf("job %q ran no step", job)
	}
	return out.String(), nil
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

func expand(s string, values map[string]string) string {
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		return values[expression.FindStringSubmatch(m)[1]]
	})
}

func testGitHub(t *testing.T) {
	var wf githubWorkflow
	readYAML(t, "github-actions.yml", &wf)
	tmp := t.TempDir()
	repo := copyRepo(t, filepath.Join(tmp, "repo"))
	runner := filepath.Join(tmp, "runner")
	target := filepath.Join(tmp, "srv", "public") + "/"
	env := []string{"RUNNER_TEMP=" + runner, "HOME=" + filepath.Join(tmp, "home"), "GITHUB_ACTIONS=true"}
	mkdirs(t, runner, filepath.Join(tmp, "home"), target)

	out, err := runGitHubJob(t, &wf, "revisar", repo, env, nil)
	if err != nil {
		t.Fatalf("revisar fails on the example site: %v\n%s", err, out)
	}
	if strings.Contains(out, "::error") {
		t.Errorf("revisar reports errors on the example site:\n%s", out)
	}

	values := map[string]string{
		"if vars.PUBLICAR_CON == 'rsync'": "true",
		"vars.DEPLOY_TARGET":              target,
		"secrets.DEPLOY_SSH_KEY":          "(clave de prueba: rsync a una carpeta local no usa SSH)",
		"secrets.DEPLOY_KNOWN_HOSTS":      "",
	}
	if out, err := runGitHubJob(t, &wf, "publicar", repo, env, values); err != nil {
		t.Fatalf("publicar: %v\n%s", err, out)
	}
	checkPublished(t, target)

	bucket, endpoint := s3Bucket(t)
	values = map[string]string{
		"if vars.PUBLICAR_CON == 's3'":  "true",
		"secrets.AWS_ACCESS_KEY_ID":     "prueba",
		"secrets.AWS_SECRET_ACCESS_KEY": "prueba",
		"vars.S3_BUCKET":                "sitio",
		"vars.S3_ENDPOINT":              endpoint,
		"vars.S3_REGION":                "us-east-1",
	}
	if out, err := runGitHubJob(t, &wf, "publicar", repo, env, values); err != nil {
		t.Fatalf("publicar to S3: %v\n%s", err, out)
	}
	checkBucket(t, bucket)

	writeFile(t, filepath.Join(repo, brokenFile), brokenPress)
	out, err = runGitHubJob(t, &wf, "revisar", repo, env, nil)
	if err == nil {
		t.Fatalf("revisar passes with %s:\n%s", brokenFile, out)
	}
	want := "::error file=" + brokenFile + ",line=6,col=1,title=cabildo check::imagen sin texto alternativo (alt)\n"
	if !strings.Contains(out, want) {
		t.Errorf("revisar does not annotate the broken line; want %q in\n%s", want, out)
	}
}

// gitlabJob is what the test reads of a GitLab CI job.
type gitlabJob struct {
	BeforeScript []string `yaml:"before_script"`
	Script       []string `yaml:"script"`
}

// runGitLabJob runs a job's script lines in one shell, as the runner does
// (set -eo pipefail), with the job's variables in env.
func runGitLabJob(t *testing.T, jobs map[string]gitlabJob, job, dir string, env []string) (string, error) {
	t.Helper()
	j, ok := jobs[job]
	if !ok || len(j.Script) == 0 {
		t.Fatalf("no job %q with a script in gitlab-ci.yml", job)
	}
	script := "set -eo pipefail\n" + strings.Join(append(j.BeforeScript, j.Script...), "\n")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-c", script)
	var out bytes.Buffer
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &out, &out
	cmd.Env = append(append(os.Environ(), "CI_PROJECT_DIR="+dir, "GITLAB_CI=true"), env...)
	err := cmd.Run()
	return out.String(), err
}

func testGitLab(t *testing.T) {
	// Top-level keys are jobs, except stages, default and the like.
	var top map[string]yaml.Node
	readYAML(t, "gitlab-ci.yml", &top)
	jobs := map[string]gitlabJob{}
	for name, node := range top {
		var j gitlabJob
		if node.Kind == yaml.MappingNode && node.Decode(&j) == nil && len(j.Script) > 0 {
			jobs[name] = j
		}
	}
	tmp := t.TempDir()
	repo := copyRepo(t, filepath.Join(tmp, "repo"))
	target := filepath.Join(tmp, "srv", "public") + "/"
	key := filepath.Join(tmp, "clave")
	writeFile(t, key, "(clave de prueba: rsync a una carpeta local no usa SSH)\n")
	env := []string{"HOME=" + filepath.Join(tmp, "home")}
	mkdirs(t, filepath.Join(tmp, "home"), target)

	out, err := runGitLabJob(t, jobs, "revisar", repo, env)
	if err != nil {
		t.Fatalf("revisar fails on the example site: %v\n%s", err, out)
	}
	if issues := codeQuality(t, repo); len(issues) != countWarnings(issues) {
		t.Errorf("the example site's report has errors: %+v", issues)
	}

	publish := append(env, "PUBLICAR_CON=rsync", "DEPLOY_TARGET="+target, "DEPLOY_SSH_KEY="+key, "DEPLOY_KNOWN_HOSTS=")
	if out, err := runGitLabJob(t, jobs, "publicar", repo, publish); err != nil {
		t.Fatalf("publicar: %v\n%s", err, out)
	}
	checkPublished(t, target)
	bucket, endpoint := s3Bucket(t)
	s3 := append(env, "PUBLICAR_CON=s3", "AWS_ACCESS_KEY_ID=prueba", "AWS_SECRET_ACCESS_KEY=prueba", "S3_BUCKET=sitio", "S3_ENDPOINT="+endpoint)
	if out, err := runGitLabJob(t, jobs, "publicar", repo, s3); err != nil {
		t.Fatalf("publicar to S3: %v\n%s", err, out)
	}
	checkBucket(t, bucket)
	if out, err := runGitLabJob(t, jobs, "publicar", repo, env); err == nil {
		t.Errorf("publicar without PUBLICAR_CON succeeds; it must fail and say the site was not published:\n%s", out)
	}

	writeFile(t, filepath.Join(repo, brokenFile), brokenPress)
	out, err = runGitLabJob(t, jobs, "revisar", repo, env)
	if err == nil {
		t.Fatalf("revisar passes with %s:\n%s", brokenFile, out)
	}
	if !strings.Contains(out, brokenFile+":6:1: imagen sin texto alternativo (alt)") {
		t.Errorf("revisar's log does not name the broken line:\n%s", out)
	}
	found := false
	for _, is := range codeQuality(t, repo) {
		if is.Location.Path == brokenFile && is.Location.Lines.Begin == 6 && is.Severity == "major" {
			found = true
		}
	}
	if !found {
		t.Errorf("gl-code-quality-report.json has no major issue at %s line 6", brokenFile)
	}
}

type qualityIssue struct {
	Description string `json:"description"`
	Severity    string `json:"severity"`
	Fingerprint string `json:"fingerprint"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
		} `json:"lines"`
	} `json:"location"`
}

func codeQuality(t *testing.T, repo string) []qualityIssue {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "gl-code-quality-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var issues []qualityIssue
	if err := json.Unmarshal(b, &issues); err != nil {
		t.Fatalf("gl-code-quality-report.json is not a JSON list: %v\n%s", err, b)
	}
	return issues
}

func countWarnings(issues []qualityIssue) int {
	n := 0
	for _, is := range issues {
		if is.Severity == "minor" {
			n++
		}
	}
	return n
}

// checkPublished checks that the rsync target holds a complete site.
func checkPublished(t *testing.T, target string) {
	t.Helper()
	for _, f := range []string{"index.html", "prensa/rss.xml", "eventos/calendario.ics", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(target, f)); err != nil {
			t.Errorf("not published: %v", err)
		}
	}
}

// s3Bucket starts an S3-compatible server holding a bucket "sitio" with a
// page the site does not have, which publishing must delete.
func s3Bucket(t *testing.T) (*s3mem.Backend, string) {
	t.Helper()
	be := s3mem.New()
	if err := be.CreateBucket("sitio"); err != nil {
		t.Fatal(err)
	}
	if _, err := be.PutObject("sitio", "viejo.html", map[string]string{"Content-Type": "text/html"}, strings.NewReader("<p>viejo</p>"), 12, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	return be, srv.URL
}

// checkBucket checks that the bucket holds the site, calendars and vCards
// with their types, and not the page the site does not have.
func checkBucket(t *testing.T, be *s3mem.Backend) {
	t.Helper()
	for key, typ := range map[string]string{
		"index.html":             "text/html",
		"eventos/calendario.ics": "text/calendar; charset=utf-8",
		"contactos/gabinete.vcf": "text/vcard; charset=utf-8",
	} {
		obj, err := be.GetObject("sitio", key, nil)
		if err != nil {
			t.Errorf("not in the bucket: %s: %v", key, err)
			continue
		}
		obj.Contents.Close()
		if got := obj.Metadata["Content-Type"]; !strings.HasPrefix(got, typ) {
			t.Errorf("%s has type %q, want %q", key, got, typ)
		}
	}
	if _, err := be.GetObject("sitio", "viejo.html", nil); err == nil {
		t.Errorf("viejo.html is still in the bucket: publishing must delete what the site no longer has")
	}
}

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// copyRepo copies the repository's files (tracked and new, as git lists
// them) into dir, so that the jobs can write their outputs and a broken
// file without touching the working tree.
func copyRepo(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = "../.."
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		src := filepath.Join("../..", name)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or a link
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}
