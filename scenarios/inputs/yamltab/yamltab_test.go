package yamltab_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/inputs/yamltab"
	yaml3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// parsers are the YAML readers execsim's inputs go through: v3 for the
// scenario and serverless.yml, sigs.k8s.io/yaml (v2 inside) for manifests.
var parsers = map[string]func(src []byte) error{
	"v3": func(src []byte) error { var v any; return yaml3.Unmarshal(src, &v) },
	"v2": func(src []byte) error { _, err := yaml.YAMLToJSONStrict(src); return err },
}

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      int
	}{
		{"top level", "name: x\nseed: 1\n\tduration: 1h\n", 3},
		{"a block's first key", "a:\n\tb: 1\n", 2},
		{"after a key at two spaces", "a:\n  b: 1\n\tc: 2\n", 3},
		{"after spaces", "a:\n  b: 1\n  \tc: 2\n", 3},
		{"a list item", "a:\n  - 1\n\t- 2\n", 3},
		{"past a blank line", "a:\n  - 1\n\n\tb: 2\n", 4},
		{"past a comment", "a:\n  - 1\n  # note\n\tb: 2\n", 4},
		{"a line of a tab alone", "a: 1\nb:\n\t\n  c: 1\n", 3},
		{"in a block scalar", "a: |\n  x\n\ty\n", 3},
		{"on the first line", "\ta: 1\n", 1},
		{"CRLF", "a:\r\n  b: 1\r\n\tc: 2\r\n", 3},
		// v3 names a block scalar's header, unless it is on line 1 (rev12c)
		{"in a block scalar after line 1", "n: 1\na: |\n  x\n\ty\nb: 2\n", 4},
		{"a block scalar's first line", "n: 1\nd: >\n\tfolded\nb: 2\n", 3},
		{"past a blank line in a block scalar", "n: 1\nd: |\n\n\tfolded\n", 4},
		{"after content with a tab in it", "n: 1\nd: |\n    x\n    \ty\n  \tz\n", 5},
		{"in a nested block scalar", "n: 1\nm:\n  d: |\n    x\n\ty\n", 5},
		// an indentation indicator sets the block's indentation: a tab
		// after it is content (YAML 1.2 §8.1.1.1), from the innermost
		// block collection's column
		{"an indicator, a tab after its spaces", "n: 1\na: |2\n  \tx\n\ty\n", 4},
		{"an indicator on line 1", "a: |2\n  \tx\n\ty\n", 3},
		{"an indicator in a nested mapping", "n: 1\nm:\n  a: |1\n   \tx\n \ty\n\tz\n", 5},
		{"an indicator in a sequence", "n: 1\nl:\n  - |2\n    \tx\n  \ty\n", 5},
		{"an indicator after chomping, in a sequence's mapping", "n: 1\nl:\n- k: >-2\n    \tx\n\ty\n", 5},
		{"chomping after an indicator", "n: 1\na: |+1 # keep\n \tx\n\ty\n", 4},
		{"an indicator at the top level", "--- |1\n \tx\n\ty\n", 3},
		// a CR alone ends a line for both parsers, as do NEL, LS and PS
		{"CR line endings", "a:\r  b: 1\r\tc: 2\r", 3},
		{"a line separator in a string", "a: \"x\u2028y\"\nb:\n  c: 1\n\td: 2\n", 5},
		// rev11c #5: the character on line 1 stops the parser, not the
		// tab-indented comment after it
		{"a bad character before a tabbed comment", "a: 1\nb: @x\n\t# c\n", 0},
		{"a bad character on the first line", "a: @x\n\t# c\n", 0},
		{"a backquote", "a: `x`\n", 0},
	} {
		for lib, parse := range parsers {
			t.Run(tc.name+"/"+lib, func(t *testing.T) {
				err := parse([]byte(tc.src))
				if err == nil {
					t.Fatalf("%q parses", tc.src)
				}
				if got := yamltab.Line([]byte(tc.src), err.Error()); got != tc.want {
					t.Errorf("Line = %d, want %d (parser: %v)", got, tc.want, err)
				}
			})
		}
	}
}

// A tab put at the start of any line of a few documents is found on that
// line whenever the parser's message is one a tab causes, by both parsers.
func TestEveryTabFound(t *testing.T) {
	docs := []string{
		"name: t\nduration: 1m\nservices:\n  - name: a\n    arrivals: {ratePerSecond: 1}\n    work:\n      cpu: 10ms\n      io: 1s\nlambda:\n  memoryMB: 512\n  timeout: 3s\n# end\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: c\n          image: x\n",
		"a: |\n  line\n  more\nb:\n  - 1\n  - 2\n\nc: 3\n",
		// a block scalar past line 1, whose header v3 names (rev12c)
		"n: 1\nd: |\n  line\n\n  more\ne: >\n    folded\n    text\nf: 2\n",
	}
	found := 0
	for _, doc := range docs {
		lines := strings.Split(doc, "\n")
		for k := 1; k < len(lines); k++ {
			for _, indent := range []string{"\t", "\t\t", "  \t"} {
				ls := append([]string(nil), lines...)
				ls[k-1] = indent + strings.TrimLeft(ls[k-1], " ")
				src := []byte(strings.Join(ls, "\n"))
				for lib, parse := range parsers {
					err := parse(src)
					if err == nil {
						continue
					}
					got := yamltab.Line(src, err.Error())
					tabWords := strings.Contains(err.Error(), "found a tab") || strings.Contains(err.Error(), "cannot start any token")
					switch {
					case got != 0 && got != k:
						t.Errorf("%s: tab on line %d, Line = %d (%v)\n%s", lib, k, got, err, src)
					case got == 0 && tabWords:
						t.Errorf("%s: tab on line %d not found (%v)\n%s", lib, k, err, src)
					case got == k:
						found++
					}
				}
			}
		}
	}
	if found < 100 {
		t.Errorf("only %d tabs found", found)
	}
}

// Line never panics and names a line with a tab in its indentation, or
// none.
func FuzzLine(f *testing.F) {
	f.Add([]byte("a:\n  b: 1\n\tc: 2\n"))
	f.Add([]byte("a: @x\n\t# c\n"))
	f.Add([]byte("\t\n"))
	f.Add([]byte("n: 1\na: |\n  x\n\ty\n"))
	f.Add([]byte("a:\r  b: 1\r\tc: 2\r"))
	f.Add([]byte("n: 1\nl:\n- k: >-2\n    \tx\n\ty\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, parse := range parsers {
			err := parse(src)
			if err == nil {
				continue
			}
			n := yamltab.Line(src, err.Error())
			if n == 0 {
				continue
			}
			// lines as the parsers count them (CR, NEL, LS and PS end one)
			breaks := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")
			lines := strings.Split(breaks.Replace(string(src)), "\n")
			if n > len(lines) || !strings.Contains(lines[n-1][:len(lines[n-1])-len(strings.TrimLeft(lines[n-1], " \t"))], "\t") {
				t.Errorf("line %d has no tab in its indentation:\n%q", n, src)
			}
		}
	})
}
