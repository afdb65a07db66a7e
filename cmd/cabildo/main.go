// Command cabildo builds and serves a municipality's public-communications
// site from a folder of Markdown files (see README.md and CONTENT.md).
//
//	cabildo build  [-src DIR] [-out DIR] [-drafts] [-future] [-now T]    build into public/
//	cabildo serve  [-src DIR] [-addr HOST:PORT] [-drafts] [-future] [-poll]
//	cabildo check  [-src DIR] [-json] [-drafts] [-future] [-now T]       validate, write nothing
//	cabildo new    [-src DIR] [-fecha AAAA-MM-DD] [-inicio AAAA-MM-DDTHH:MM] <tipo> "Título"   start a new file
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
	"strings"
	"sync"
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
	limitMemory = true // memlimit.go
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

// newFlags returns a flag set for the command name. The flag package
// writes its messages in English, so it writes nowhere: parseFlags says
// what went wrong in Spanish, and the usage lists the options in Spanish
// (printOptions), unless the command sets its own Usage.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cabildo "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "uso: cabildo %s [opciones]\n\nopciones:\n", name)
		printOptions(stderr, fs)
	}
	flagOutputs.Store(fs, stderr)
	return fs
}

// flagOutputs maps each flag set to where its command writes errors.
var flagOutputs sync.Map // *flag.FlagSet → io.Writer

// parseFlags parses args. A mistake is explained in Spanish, followed by
// the usage, and becomes a usage error (exit status 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package shows the usage before it returns an error; it is
	// shown here instead, after the message.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err == nil || errors.Is(err, flag.ErrHelp) {
		if err != nil {
			usage()
		}
		return err
	}
	w, _ := flagOutputs.Load(fs)
	stderr, _ := w.(io.Writer)
	if stderr == nil {
		stderr = io.Discard
	}
	fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), flagMessage(fs, err))
	usage()
	return &exitError{code: 2}
}

// flagMessage says in Spanish what the flag package's err says in English.
// Its messages are fixed strings (flag.FlagSet.failf), matched here.
func flagMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		name = strings.TrimLeft(name, "-")
		if near := nearestFlag(fs, name); near != "" {
			return fmt.Sprintf("opción desconocida: -%s (¿quiso decir -%s?)", name, near)
		}
		return fmt.Sprintf("opción desconocida: -%s («-h» muestra las opciones)", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("falta el valor de la opción -%s", name)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -name: reason
		value, rest, _ := strings.Cut(rest, " for flag -")
		name, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("valor no válido %s para la opción -%s", value, name)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		value, rest, _ := strings.Cut(rest, " for -")
		name, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("valor no válido %s para la opción -%s: escriba -%s (sí) o -%s=false (no)", value, name, name, name)
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Sprintf("opción mal escrita: %s", rest)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean flag "); ok {
		return fmt.Sprintf("opción no válida: -%s", rest)
	}
	return msg
}

// nearestFlag returns the visible flag of fs closest to name (at most two
// edits away), or "".
func nearestFlag(fs *flag.FlagSet, name string) string {
	best, bestDist := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] {
			return
		}
		if d := editDistance(name, f.Name); d < bestDist {
			best, bestDist = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// valueNames name a flag's value in the usage when its text does not
// (the flag package would print Go's type names: "string", "int").
var valueNames = map[string]string{
	"string": "TEXTO", "int": "NÚMERO", "uint": "NÚMERO", "int64": "NÚMERO",
	"uint64": "NÚMERO", "float": "NÚMERO", "duration": "DURACIÓN", "value": "VALOR",
}

// printOptions lists the visible flags of fs as flag.PrintDefaults does,
// in Spanish: the value's name comes from `backquotes` in the usage text
// or from valueNames, and the default is «por omisión».
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		if n, ok := valueNames[name]; ok {
			name = n
		}
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (por omisión: %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, usage)
	})
}
