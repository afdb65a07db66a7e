// Command cabildo builds and serves a municipality's public-communications
// site from a folder of Markdown files (see README.md and CONTENT.md).
//
//	cabildo build  [-src DIR] [-out DIR] [-drafts] [-future] [-now T]    build into public/
//	cabildo serve  [-src DIR] [-addr HOST:PORT] [-drafts] [-future] [-poll]
//	cabildo check  [-src DIR] [-json] [-drafts] [-future] [-now T]       validate, write nothing
//	cabildo new    [-src DIR] [-fecha AAAA-MM-DD] <tipo> "Título"         start a new file
//	cabildo schema -out DIR                                              JSON Schemas for editors' tools
//
// Exit status: 0 success, 1 content errors, 2 usage or system errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitError carries an exit status through the command functions.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{2, fmt.Sprintf(format, args...)}
}

type command struct {
	name  string
	short string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if err == nil {
				return 0
			}
			var ee *exitError
			if errors.As(err, &ee) {
				if ee.msg != "" {
					fmt.Fprintln(stderr, "cabildo "+c.name+": "+ee.msg)
				}
				return ee.code
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintln(stderr, "cabildo "+c.name+": "+err.Error())
			return 2
		}
	}
	fmt.Fprintf(stderr, "cabildo: orden desconocida %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "uso: cabildo <orden> [opciones]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "«cabildo <orden> -h» muestra las opciones de cada orden.")
}

// newFlags returns a flag set that prints its errors and usage to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cabildo "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: 2}
	}
	return nil
}
