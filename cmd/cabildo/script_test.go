package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"rsc.io/script"
	"rsc.io/script/scripttest"
)

// TestScript runs the scripts of testdata/script: each is a txtar archive
// whose comment is a script (rsc.io/script syntax) and whose files are the
// site it runs in. Besides the default commands:
//
//	cabildo ARGS...   runs cabildo in the script's folder, in-process
//	status N          the last cabildo's exit status was N
func TestScript(t *testing.T) {
	engine := &script.Engine{Cmds: scripttest.DefaultCmds(), Conds: scripttest.DefaultConds()}
	var mu sync.Mutex
	status := map[*script.State]int{}
	engine.Cmds["cabildo"] = script.Command(
		script.CmdUsage{Summary: "run cabildo in the script's folder", Args: "command [args...]"},
		func(s *script.State, args ...string) (script.WaitFunc, error) {
			if len(args) == 0 {
				return nil, script.ErrUsage
			}
			// The command runs in this process, whose folder is not the
			// script's: relative paths given to -src and -out are made
			// absolute, and -src defaults to the script's folder.
			full := []string{args[0], "-src", s.Getwd()}
			for i := 1; i < len(args); i++ {
				a := args[i]
				if (a == "-src" || a == "-out") && i+1 < len(args) {
					full = append(full, a, s.Path(args[i+1]))
					i++
					continue
				}
				full = append(full, a)
			}
			if args[0] == "schema" {
				full = append(full[:1], full[3:]...) // schema has no -src
			}
			var stdout, stderr bytes.Buffer
			code := run(s.Context(), full, &stdout, &stderr)
			mu.Lock()
			status[s] = code
			mu.Unlock()
			return func(*script.State) (string, string, error) {
				if code != 0 {
					return stdout.String(), stderr.String(), fmt.Errorf("exit status %d", code)
				}
				return stdout.String(), stderr.String(), nil
			}, nil
		})
	engine.Cmds["status"] = script.Command(
		script.CmdUsage{Summary: "check the exit status of the last cabildo", Args: "N"},
		func(s *script.State, args ...string) (script.WaitFunc, error) {
			if len(args) != 1 {
				return nil, script.ErrUsage
			}
			want, err := strconv.Atoi(args[0])
			if err != nil {
				return nil, script.ErrUsage
			}
			mu.Lock()
			got, ok := status[s]
			mu.Unlock()
			if !ok {
				return nil, fmt.Errorf("cabildo has not run")
			}
			if got != want {
				return nil, fmt.Errorf("cabildo exited with %d, want %d", got, want)
			}
			return nil, nil
		})
	env := []string{"TZ=America/Santiago"}
	scripttest.Test(t, context.Background(), engine, env, filepath.Join("testdata", "script", "*.txt"))
}
