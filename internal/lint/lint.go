package lint

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Finding is one rule broken at one place.
type Finding struct {
	Pos  token.Position
	Rule string
}

func (f Finding) String() string { return fmt.Sprintf("%s: %s", f.Pos, f.Rule) }

// seededRand lists the math/rand/v2 functions that build seeded sources; all
// other package-level functions draw from the global, unseeded source.
var seededRand = []string{"New", "NewPCG", "NewChaCha8", "NewZipf"}

// wallClock lists the time functions that read or wait on the real clock.
var wallClock = []string{"Now", "Since", "Until", "Sleep", "After", "AfterFunc", "NewTimer", "NewTicker", "Tick"}

// CheckDir checks every non-test Go package under root (a directory of the
// module). Test files are exempt: they may time things or use helpers.
func CheckDir(root string) ([]Finding, error) {
	fset := token.NewFileSet()
	byDir := map[string][]*ast.File{}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if _, ok := byDir[dir]; !ok {
			dirs = append(dirs, dir)
		}
		byDir[dir] = append(byDir[dir], f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(dirs)
	imp := importer.ForCompiler(fset, "source", nil)
	var out []Finding
	for _, dir := range dirs {
		files := byDir[dir]
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp, Error: func(error) {}}
		_, _ = conf.Check(dir, fset, files, info) // partial info is enough
		for _, f := range files {
			out = append(out, checkFile(fset, f, info)...)
		}
	}
	return out, nil
}

func checkFile(fset *token.FileSet, f *ast.File, info *types.Info) []Finding {
	var out []Finding
	add := func(n ast.Node, format string, args ...any) {
		out = append(out, Finding{fset.Position(n.Pos()), fmt.Sprintf(format, args...)})
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"math/rand"` {
			add(imp, "imports math/rand (v1); use named math/rand/v2 streams from sim")
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			add(n, "starts a goroutine; parallelism belongs above the kernel")
		case *ast.ChanType:
			add(n, "uses a channel; models are single-threaded state machines")
		case *ast.SelectorExpr:
			pkg := pkgOf(info, n)
			switch {
			case pkg == "time" && slices.Contains(wallClock, n.Sel.Name):
				add(n, "calls time.%s (the wall clock); use the kernel's virtual time", n.Sel.Name)
			case pkg == "math/rand/v2" && isFunc(info, n) && !slices.Contains(seededRand, n.Sel.Name):
				add(n, "calls rand.%s on the global source; draw from a named stream", n.Sel.Name)
			}
		case *ast.CompositeLit:
			if t, ok := info.Types[n]; ok && isDistuv(t.Type) && !hasField(n, "Src") {
				add(n, "builds a gonum distuv value without Src (it would use global randomness)")
			}
		case *ast.RangeStmt:
			if t, ok := info.Types[n.X]; ok {
				if _, isMap := t.Type.Underlying().(*types.Map); isMap {
					add(n, "ranges over a map; its order is random — sort the keys or keep a slice")
				}
			}
		}
		return true
	})
	return out
}

func pkgOf(info *types.Info, sel *ast.SelectorExpr) string {
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	if pn, ok := info.Uses[id].(*types.PkgName); ok {
		return pn.Imported().Path()
	}
	return ""
}

func isFunc(info *types.Info, sel *ast.SelectorExpr) bool {
	_, ok := info.Uses[sel.Sel].(*types.Func)
	return ok
}

func isDistuv(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "gonum.org/v1/gonum/stat/distuv"
}

func hasField(lit *ast.CompositeLit, name string) bool {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return true
			}
		}
	}
	return false
}
