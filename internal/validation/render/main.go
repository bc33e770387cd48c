// Command render writes VALIDATION.md from the checks that `make validate`
// recorded: go run ./internal/validation/render DIR > VALIDATION.md.
package main

import (
	"fmt"
	"os"

	"github.com/execsim/execsim/internal/validation"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: render DIR (the folder EXECSIM_VALIDATION named)")
		os.Exit(2)
	}
	checks, err := validation.Load(os.Args[1])
	if err != nil || len(checks) == 0 {
		fmt.Fprintf(os.Stderr, "render: no checks recorded in %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	hash, err := validation.SourceHash(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(1)
	}
	fmt.Print(validation.Render(checks, hash))
}
