package main

import (
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Every simulating command writes both profiles, and they are valid pprof
// files: gzip-compressed protocol buffers that go tool pprof can read.
func TestEverySimulatingCommandWritesProfiles(t *testing.T) {
	two := writeScenario(t, `name: prof
seed: 3
duration: 2m
workload: {arrivals: {ratePerSecond: 20}, work: {io: "exp(mean=50ms)"}}
kubernetes: {}
lambda: {memoryMB: 512}
`)
	swept := writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "a.yaml"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := execsim(t, "test", folder, "--update"); code != 0 {
		t.Fatalf("test --update: %s", errOut)
	}
	tmp := t.TempDir()
	cases := map[string][]string{
		"run":       {"run", two},
		"sweep":     {"sweep", swept, "--out", filepath.Join(tmp, "sw")},
		"breakeven": {"breakeven", two, "--from", "1", "--to", "10", "--points", "2", "--out", filepath.Join(tmp, "be")},
		"tune":      {"tune", good, "--out", filepath.Join(tmp, "tu")},
		"golden":    {"golden", two, "--update", "--golden", filepath.Join(tmp, "g.golden")},
		"test":      {"test", folder},
	}
	cases["tune"] = []string{"tune", writeScenario(t, good), "--memory", "128,256", "--out", filepath.Join(tmp, "tu")}
	if len(cases) != len(simulating) {
		t.Fatalf("%d cases for %d simulating commands %v", len(cases), len(simulating), simulating)
	}
	gotool, _ := exec.LookPath("go")
	for _, name := range simulating {
		t.Run(name, func(t *testing.T) {
			cpu, mem := filepath.Join(tmp, name+".cpu.pprof"), filepath.Join(tmp, name+".mem.pprof")
			args := append(cases[name], "--no-progress", "--cpuprofile", cpu, "--memprofile", mem)
			if name == "golden" || name == "test" {
				args = append(cases[name], "--cpuprofile", cpu, "--memprofile", mem)
			}
			if _, errOut, code := execsim(t, args...); code != 0 {
				t.Fatalf("%v: exit %d %s", args, code, errOut)
			}
			for _, p := range []string{cpu, mem} {
				checkPprof(t, p)
			}
			if gotool != "" && name == "run" {
				for _, p := range []string{cpu, mem} {
					out, err := exec.Command(gotool, "tool", "pprof", "-top", p).CombinedOutput()
					if err != nil || !strings.Contains(string(out), "flat") {
						t.Errorf("go tool pprof -top %s: %v\n%s", p, err, out)
					}
				}
			}
		})
	}
	// a profile that cannot be written is bad input, found before the work
	_, errOut, code := execsim(t, "run", two, "--cpuprofile", filepath.Join(tmp, "no", "such", "dir", "x"))
	if code != exitInput || !strings.Contains(errOut, "--cpuprofile") {
		t.Errorf("unwritable --cpuprofile: exit %d %q; want 2 naming the flag", code, errOut)
	}
	// commands that simulate nothing take no profile flags
	if _, _, code := execsim(t, "validate", two, "--cpuprofile", filepath.Join(tmp, "v")); code != exitInput {
		t.Errorf("validate --cpuprofile: exit %d; want 2 (not a simulating command)", code)
	}
}

// checkPprof checks that p is a gzip stream holding a well-formed protocol
// buffer (every top-level field a valid key with a value that fits) whose
// strings name the unit of a CPU or a heap profile.
func checkPprof(t *testing.T, p string) {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not gzip: %v", p, err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if len(data) == 0 {
		t.Fatalf("%s holds an empty profile", p)
	}
	varint := func() (uint64, bool) {
		var v uint64
		for s := 0; len(data) > 0 && s < 64; s += 7 {
			b := data[0]
			data = data[1:]
			v |= uint64(b&0x7f) << s
			if b < 0x80 {
				return v, true
			}
		}
		return 0, false
	}
	strs := 0
	for rest := data; len(data) > 0; rest = data {
		key, ok := varint()
		if !ok || key>>3 == 0 {
			t.Fatalf("%s: not a protocol buffer at byte %d", p, len(rest))
		}
		switch key & 7 {
		case 0:
			_, ok = varint()
		case 2:
			var n uint64
			if n, ok = varint(); ok && n <= uint64(len(data)) {
				if key>>3 == 6 { // Profile.string_table
					if s := string(data[:n]); s == "nanoseconds" || s == "bytes" {
						strs++
					}
				}
				data = data[n:]
			} else {
				ok = false
			}
		default:
			ok = false // a pprof Profile has only varints and length-delimited fields
		}
		if !ok {
			t.Fatalf("%s: malformed protocol buffer field %d", p, key>>3)
		}
	}
	if strs == 0 {
		t.Errorf("%s names neither nanoseconds nor bytes: not a CPU or heap profile", p)
	}
}

// Two profile flags that name one file are refused before any work (exit
// 2): written one over the other, the file held neither profile.
func TestOneFileForBothProfilesIsRefused(t *testing.T) {
	f := writeScenario(t, good)
	dir := t.TempDir()
	p := filepath.Join(dir, "p")
	link := filepath.Join(dir, "link")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	for _, mem := range []string{p, filepath.Join(dir, ".", "p"), link} {
		out, errOut, code := execsim(t, "run", f, "--cpuprofile", p, "--memprofile", mem)
		if code != exitInput || !strings.Contains(errOut, "--cpuprofile and --memprofile name the same file") || out != "" {
			t.Errorf("--cpuprofile %s --memprofile %s: exit %d, stdout %d bytes, %q; want 2, nothing run, naming both flags", p, mem, code, len(out), errOut)
		}
	}
	if fi, err := os.Stat(p); err != nil || fi.Size() != 0 {
		t.Errorf("the refused profile file was written to: %v", err)
	}
}
