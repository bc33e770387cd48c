package checks

import (
	"slices"
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
		{name: "input lines, after the --set lines", file: File{Version: "execsim v2", Scenario: "fleet.yaml", ScenarioSHA256: "ab12",
			Sets: []string{"seed=3"}, Inputs: []Input{{"k8s/web.yaml", "cd34"}, {"traces/my trace.csv", "ef56"}}, Text: goldenText},
			want: "# execsim v2\n# scenario fleet.yaml sha256 ab12\n# set seed=3\n# input k8s/web.yaml sha256 cd34\n" +
				"# input \"traces/my trace.csv\" sha256 ef56\n" + goldenText},
		{name: "sealed: the digest of every line below the header, last", file: File{Version: "execsim v2", Scenario: "a.yaml", ScenarioSHA256: "ab12",
			Text: goldenText, Fields: []summary.Field{{Name: "arrivals", Text: "10", Value: 10, Numeric: true}}, Sealed: true},
			want: "# execsim v2\n# scenario a.yaml sha256 ab12\n# digest sha256 " + sha256Hex(goldenText+"\n[fields]\narrivals 10\n") + "\n" +
				goldenText + "\n[fields]\narrivals 10\n"},
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
			if !slices.Equal(back.Inputs, tc.file.Inputs) {
				t.Errorf("Parse inputs = %q; want %q", back.Inputs, tc.file.Inputs)
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
		{"input line without its hash", "# execsim v1\n# scenario a sha256 ff\n# input traces/a.csv\n" + goldenText, "line 3: want # input PATH sha256 HEX"},
		{"input line with a bad quote", "# execsim v1\n# input \"traces/a.csv sha256 ff\n" + goldenText, "line 2: want # input PATH sha256 HEX"},
		{"input line with more", "# input a.csv sha256 ff gg\n" + goldenText, "line 1: want # input PATH sha256 HEX"},
		{"digest line without sha256", "# execsim v1\n# digest ff\n" + goldenText, "line 2: want # digest sha256 HEX"},
		{"digest line with more", "# execsim v1\n# digest sha256 ff gg\n" + goldenText, "line 2: want # digest sha256 HEX"},
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
	f.Add([]byte("# execsim v1\n# scenario a.yaml sha256 ff\n# input \"t/a b.csv\" sha256 ee\n# input k8s sha256 dd\n" + goldenText))
	f.Add([]byte("# execsim v1\n# digest sha256 00\n" + goldenText + "\n[fields]\na 1\n"))
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

// A golden written before the scenario, --set and input lines existed
// (version, text, fields) reads as before: no scenario, so no note on them.
func TestOldGoldenHasNoScenario(t *testing.T) {
	f, err := Parse([]byte("# execsim v0.0.0-devel\n" + goldenText + "\n[fields]\narrivals 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != "execsim v0.0.0-devel" || f.Scenario != "" || f.Sets != nil || f.Text != goldenText || len(f.Fields) != 1 {
		t.Errorf("Parse = %+v", f)
	}
	o := Outcome{Job: Job{Version: "v", Overrides: nil}, GoldenVersion: "v", Gold: f, Now: File{Scenario: "a.yaml", ScenarioSHA256: "ff", Sets: []string{"x=1"},
		Inputs: []Input{{"traces/a.csv", "ee"}}}}
	if n := o.notes(); len(n) != 0 {
		t.Errorf("notes of an old golden = %q; want none", n)
	}
}

// Each input file that changed, appeared or went is named, in path order;
// one unchanged is not, and a golden without input lines gets no note.
func TestInputNotes(t *testing.T) {
	a1, a2 := Input{"traces/a.csv", "aaaa1111aaaa1111"}, Input{"traces/a.csv", "aaaa2222aaaa2222"}
	b := Input{"traces/b.csv", "bbbb"}
	k := Input{"k8s/web.yaml", "cccc"}
	cases := []struct {
		name    string
		was, is []Input
		want    []string
	}{
		{"unchanged", []Input{a1, b}, []Input{a1, b}, nil},
		{"one changed", []Input{k, a1, b}, []Input{k, a2, b},
			[]string{"traces/a.csv changed since the golden was written (sha256 aaaa1111aaaa… then, aaaa2222aaaa… now)"}},
		{"one new, one gone", []Input{a1, k}, []Input{k, b}, []string{
			"the golden's run read traces/a.csv (sha256 aaaa1111aaaa…); this run does not",
			"this run reads traces/b.csv (sha256 bbbb), which the golden's run did not"}},
		{"none read now", []Input{b}, nil, []string{"the golden's run read traces/b.csv (sha256 bbbb); this run does not"}},
		{"a golden without input lines", nil, []Input{a1}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := inputNotes(tc.was, tc.is); !slices.Equal(got, tc.want) {
				t.Errorf("inputNotes = %q; want %q", got, tc.want)
			}
		})
	}
}

// HandEdit is nil for an intact or unsealed file, and names the line of
// an edit below the header otherwise (see also cmd/execsim's tests, which
// edit a real golden).
func TestHandEdit(t *testing.T) {
	fields := []summary.Field{{Name: "arrivals", Text: "10", Value: 10, Numeric: true}}
	run := File{Version: "v", Text: goldenText, Fields: fields, Sealed: true}
	sealed := string(run.Bytes())
	cases := []struct{ name, data, want string }{
		{"intact", sealed, ""},
		{"unsealed and edited", strings.Replace(string(File{Version: "v", Text: goldenText, Fields: fields}.Bytes()), "completed 10", "completed 11", 1), ""},
		{"the text edited", strings.Replace(sealed, "completed 10", "completed 11", 1),
			`the readable part was edited by hand: line 7 reads "completed 11 throttled 0"`},
		{"a field edited", strings.Replace(sealed, "arrivals 10", "arrivals 12", 1), `the [fields] part was edited by hand: line 10 reads "arrivals 12"`},
		{"a line added at the end", sealed + "b 1\n", `the [fields] part was edited by hand: line 11 reads "b 1"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gold, err := Parse([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			err = HandEdit(gold, run)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("HandEdit = %v; want %q", err, tc.want)
			}
		})
	}
}
