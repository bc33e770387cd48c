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
		{name: "scenario and --set lines", file: File{Version: "execsim v2", Scenario: "my fn.yaml", ScenarioSHA256: "ab12",
			Sets: []string{"lambda.memoryMB=1024", "workload.profile=[1, 2]"}, Text: goldenText, Fields: []summary.Field{}},
			want: "# execsim v2\n# scenario \"my fn.yaml\" sha256 ab12\n# set lambda.memoryMB=1024\n# set \"workload.profile=[1, 2]\"\n" +
				goldenText + "\n[fields]\n"},
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
			if back.Scenario != tc.file.Scenario || back.ScenarioSHA256 != tc.file.ScenarioSHA256 || strings.Join(back.Sets, "|") != strings.Join(tc.file.Sets, "|") {
				t.Errorf("Parse header = %q %q %q; want %q %q %q", back.Scenario, back.ScenarioSHA256, back.Sets,
					tc.file.Scenario, tc.file.ScenarioSHA256, tc.file.Sets)
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
		{"header lines count", "# execsim v1\n# scenario a.yaml sha256 ff\n# set x=1\n" + goldenText + "\n[fields]\narrivals\n", `line 11: "arrivals" is not a field line`},
		{"scenario line without its hash", "# execsim v1\n# scenario a.yaml\n" + goldenText, "line 2: want # scenario NAME sha256 HEX"},
		{"another comment line", "# execsim v1\n# note\n" + goldenText, `line 2: "# note" is not a header line`},
		{"scenario line with more", "# scenario a.yaml sha256 ff gg\n" + goldenText, "line 1: want # scenario NAME sha256 HEX"},
		{"set line with two words", "# execsim v1\n# scenario a sha256 ff\n# set a=1 b=2\n" + goldenText, "line 3: want # set PATH=VALUE"},
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
	f.Add([]byte("# execsim v1\n# scenario a.yaml sha256 ff\n# set \"a=[1, 2]\"\n# set b=2\n" + goldenText + "\n[fields]\np000-x=1/r0/a 1\n"))
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

// A golden written before the scenario and --set lines existed (version,
// text, fields) reads as before: no scenario, so no note on them.
func TestOldGoldenHasNoScenario(t *testing.T) {
	f, err := Parse([]byte("# execsim v0.0.0-devel\n" + goldenText + "\n[fields]\narrivals 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != "execsim v0.0.0-devel" || f.Scenario != "" || f.Sets != nil || f.Text != goldenText || len(f.Fields) != 1 {
		t.Errorf("Parse = %+v", f)
	}
	o := Outcome{Job: Job{Version: "v", Overrides: nil}, GoldenVersion: "v", Gold: f, Now: File{Scenario: "a.yaml", ScenarioSHA256: "ff", Sets: []string{"x=1"}}}
	if n := o.notes(); len(n) != 0 {
		t.Errorf("notes of an old golden = %q; want none", n)
	}
}
