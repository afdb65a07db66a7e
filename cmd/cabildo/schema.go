package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"cabildo/internal/atomicfile"
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
		if err := atomicfile.Write(p, schema.JSON(t)); err != nil {
			return &exitError{2, err.Error()}
		}
		fmt.Fprintf(stdout, "%s\t%s\n", p, t.Match)
	}
	return nil
}
