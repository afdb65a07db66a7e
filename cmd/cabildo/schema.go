package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"cabildo/internal/schema"
)

func init() {
	commands = append(commands, command{"schema", "escribe los esquemas JSON de cada tipo de texto, para los editores", runSchema})
}

func runSchema(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("schema", stderr)
	out := fl.String("out", "schemas", "`CARPETA` donde escribir los esquemas (*.schema.json)")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("argumento de más: %q", fl.Arg(0))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return &exitError{2, err.Error()}
	}
	for _, t := range schema.Types {
		p := filepath.Join(*out, t.FileName())
		if err := writeFileAtomic(p, schema.JSON(t)); err != nil {
			return &exitError{2, err.Error()}
		}
		fmt.Fprintf(stdout, "%s\t%s\n", p, t.Match)
	}
	return nil
}

// writeFileAtomic replaces p with data, never leaving a half-written file
// for an editor's tool to read.
func writeFileAtomic(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}
