package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cabildo/bench/soak/drive"
)

// server is a running `cabildo serve` or `hugo server`, with the tree of
// Markdown it watches.
type server struct {
	name string // "cabildo" or "hugo"
	root string // the site folder edited
	base string // "http://127.0.0.1:PORT"
	cmd  *exec.Cmd
	logf *os.File     // everything it printed
	last atomic.Int64 // when it last printed a line (UnixNano)
	done chan struct{}
	// Requests that failed while polling (a page cut short while the
	// server rewrote it), and the last such error.
	failed  atomic.Int64
	lastErr atomic.Value
	wg      sync.WaitGroup
	// tail keeps its last lines, for error messages.
	mu   sync.Mutex
	tail []string
}

// start runs bin with args, its output going to logName, and waits until
// base+"/" answers 200 (its first build is done).
func start(ctx context.Context, name, root, bin, logName string, port int, args ...string) (*server, error) {
	logf, err := os.Create(logName)
	if err != nil {
		return nil, err
	}
	s := &server{name: name, root: root, base: fmt.Sprintf("http://127.0.0.1:%d", port), logf: logf, done: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.SysProcAttr = childAttr()
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s.last.Store(time.Now().UnixNano())
	for _, r := range []io.Reader{stdout, stderr} {
		s.wg.Add(1)
		go s.read(r)
	}
	go func() {
		s.wg.Wait()
		s.cmd.Wait()
		close(s.done)
	}()
	if err := s.ready(ctx, 10*time.Minute); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *server) read(r io.Reader) {
	defer s.wg.Done()
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		s.last.Store(time.Now().UnixNano())
		l := sc.Text()
		s.mu.Lock()
		fmt.Fprintln(s.logf, l)
		if s.tail = append(s.tail, l); len(s.tail) > 20 {
			s.tail = s.tail[1:]
		}
		s.mu.Unlock()
	}
}

// Tail returns the last lines the server printed.
func (s *server) Tail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tail, "\n")
}

func (s *server) ready(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("%s ended before serving:\n%s", s.name, s.Tail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if code, _, err := get(s.base + "/"); err == nil && code == http.StatusOK {
			return nil
		}
	}
	return fmt.Errorf("%s did not serve / within %v:\n%s", s.name, limit, s.Tail())
}

// settle waits until the server is idle: it has printed nothing for
// quiet and used almost no CPU time (under 5 %) over the last quiet,
// at most max. Silence alone is not enough: hugo server prints when a
// rebuild starts and when it ends, and a deletion's rebuild at 10,000
// items runs silent for many seconds after the list already shows it;
// the next edit must not start, on either server, while one still works.
func (s *server) settle(quiet, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		if idle := time.Since(time.Unix(0, s.last.Load())); idle < quiet {
			time.Sleep(quiet - idle)
			continue
		}
		before, ok := cpuTime(s.cmd.Process.Pid)
		time.Sleep(quiet)
		after, ok2 := cpuTime(s.cmd.Process.Pid)
		if !ok || !ok2 {
			return // no /proc: silence is all there is to go by
		}
		if after-before < quiet/20 && time.Since(time.Unix(0, s.last.Load())) >= quiet {
			return
		}
	}
	fmt.Printf("  %s still busy after %v\n", s.name, max)
}

// stop interrupts the server (both end cleanly on SIGINT) and kills it
// if it has not ended after five seconds.
func (s *server) stop() {
	if s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.logf.Close()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// get asks a server for url (drive.Get: one kept-alive connection).
var get = drive.Get
