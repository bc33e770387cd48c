package checks

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/summary"
)

const goldenText = "scenario small\nseed 5\n\n[lambda]\ncompleted 10 throttled 0\n"

func TestFileRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		file File
		want string
	}{
		{name: "legacy: text only", file: File{Text: goldenText}, want: goldenText},
		{name: "version and fields",
			file: File{Version: "execsim v1.2.3 (commit 1a2b3c4d5e6f)", Text: goldenText, Fields: []summary.Field{
				{Name: "arrivals", Text: "10", Value: 10, Numeric: true},
				{Name: "fingerprint", Text: "b4fc8119d89d8bc8"},
				{Name: "lambda.cost.breakdown.lambda requests", Text: "3e-06", Value: 3e-06, Numeric: true},
				{Name: "odd", Text: `say "hi"`},
				{Name: "empty", Text: ""},
			}},
			want: "# execsim v1.2.3 (commit 1a2b3c4d5e6f)\n" + goldenText + "\n[fields]\narrivals 10\nfingerprint b4fc8119d89d8bc8\n" +
				"\"lambda.cost.breakdown.lambda requests\" 3e-06\nodd \"say \\\"hi\\\"\"\nempty \"\"\n"},
		{name: "no fields at all", file: File{Version: "execsim v1", Text: goldenText, Fields: []summary.Field{}},
			want: "# execsim v1\n" + goldenText + "\n[fields]\n"},
		{name: "a version with a newline stays on its line", file: File{Version: "execsim v1\nscenario x", Text: goldenText},
			want: "# execsim v1 scenario x\n" + goldenText},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.file.Bytes()
			if string(data) != tc.want {
				t.Fatalf("Bytes() =\n%s\nwant\n%s", data, tc.want)
			}
			back, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if string(back.Bytes()) != string(data) {
				t.Errorf("Parse(Bytes()) wrote back\n%s\nwant\n%s", back.Bytes(), data)
			}
			if back.Text != tc.file.Text {
				t.Errorf("Parse text = %q; want %q", back.Text, tc.file.Text)
			}
			for i, f := range tc.file.Fields {
				if back.Fields[i] != f {
					t.Errorf("field %d = %+v; want %+v", i, back.Fields[i], f)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	head := "# execsim v1\n" + goldenText + "\n[fields]\n" // fields start on line 9
	cases := []struct{ name, data, want string }{
		{"no value", head + "arrivals\n", `line 9: "arrivals" is not a field line`},
		{"two values", head + "a 1\nb 1 2\n", `line 10: "b 1 2" is not a field line: " 2" after the value`},
		{"twice", head + "a 1\na 2\n", "line 10: field a appears twice"},
		{"bad quote", head + "\"a 1\n", "line 9: \"\\\"a 1\": unterminated or invalid quoted string"},
		{"empty line", head + "a 1\n\nb 2\n", `line 10: "" is not a field line`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v; want %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goldenText))
	f.Add([]byte("# execsim v1\n" + goldenText + "\n[fields]\na 1\n\"b c\" \"d e\"\n"))
	f.Add([]byte("[fields]\n"))
	f.Add([]byte("# \n\n[fields]\n\"\\x\" 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Parse(data)
		if err != nil {
			return
		}
		again, err := Parse(g.Bytes())
		if err != nil {
			t.Fatalf("Parse(Bytes()) of a parsed file: %v", err)
		}
		if string(again.Bytes()) != string(g.Bytes()) || len(again.Fields) != len(g.Fields) {
			t.Fatalf("a parsed file does not survive a round trip:\n%q\n%q", g.Bytes(), again.Bytes())
		}
	})
}
