package lambda

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim/simtest"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tweak func(*Config, *Function)
		want  []string
	}{
		{"memory too small", func(c *Config, f *Function) { f.MemoryMB = 64 },
			[]string{"functions.fn.memoryMB: must be between 128 and 10240 (got 64)"}},
		{"unknown runtime", func(c *Config, f *Function) { f.Runtime = "cobol" },
			[]string{`functions.fn.runtime: unknown runtime "cobol" (allowed: `, "python3.12"}},
		{"unreserved minimum", func(c *Config, f *Function) { f.ReservedConcurrency = 950 },
			[]string{"must leave 100 of the account's 1000 unreserved (at most 900) (got 950)"}},
		{"provisioned over reserved", func(c *Config, f *Function) { f.ReservedConcurrency = 10; f.ProvisionedConcurrency = 20 },
			[]string{"functions.fn.provisionedConcurrency: must not exceed reservedConcurrency (10) (got 20)"}},
		{"timeout too long", func(c *Config, f *Function) { f.Timeout = time.Hour },
			[]string{"functions.fn.timeout: must be between 1ms and 15m0s (got 1h0m0s)"}},
		{"snapstart without data", func(c *Config, f *Function) { f.SnapStart = true; f.Runtime = "python3.13" },
			[]string{`functions.fn.snapStart: no measured SnapStart restore time for runtime "python3.13"`}},
		// costrev item 5: a restore: distribution made any runtime pass
		{"snapstart on node", func(c *Config, f *Function) {
			f.SnapStart = true
			f.Runtime = "nodejs22.x"
			f.Restore = dist.MustParse("200ms")
		}, []string{"functions.fn.snapStart: runtime nodejs22.x cannot use it: SnapStart supports the managed runtimes Java 11+, Python 3.12+ and .NET 8+ only (snapstart.html) (got true)"}},
		{"snapstart on an image", func(c *Config, f *Function) {
			f.SnapStart = true
			f.Runtime = "java21"
			f.Package = Image
		}, []string{"functions.fn.snapStart: execsim does not model SnapStart for a container image (AWS supports it since July 2026"}},
		// review10 M1: an image may hold a runtime whose .zip function
		// cannot have SnapStart (Node.js with restore hooks), so the
		// refusal is execsim's, never "runtime cannot use it"
		{"snapstart on a node image", func(c *Config, f *Function) {
			f.SnapStart = true
			f.Runtime = "nodejs22.x"
			f.Package = Image
			f.Restore = dist.MustParse("200ms")
		}, []string{"functions.fn.snapStart: execsim does not model SnapStart for a container image"}},
		{"several at once", func(c *Config, f *Function) { f.MemoryMB = 64; f.Timeout = 0 },
			[]string{"memoryMB", "timeout"}},
		{"scaling window", func(c *Config, f *Function) { c.ScalingWindowSize = 0; c.ScalingWindow = -time.Second },
			[]string{"scalingWindowSize: must be at least 1 (got 0)", "scalingWindow: must be positive (got -1s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneFunction(tc.tweak)
			simtest.CheckProblems(t, cfg.Validate(), tc.want...)
		})
	}
}

func TestUnreservedFloorAppliesToProvisioned(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ProvisionedConcurrency = 1000 })
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "must leave 100 of the account's 1000 unreserved (at most 900) (got 1000)") {
		t.Errorf("Validate() = %v; want the 100-unreserved floor enforced", err)
	}
}

func TestParseScalingMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ScalingMode
		err  string
	}{
		{"per-function", PerFunction, ""},
		{"Legacy", Legacy, ""},
		{"window", Window, ""},
		{"unlimited", Unlimited, ""},
		{"windowed", 0, `unknown scaling mode "windowed" (allowed: per-function, legacy, window, unlimited)`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseScalingMode(tc.in)
			switch {
			case tc.err != "":
				if err == nil || err.Error() != tc.err {
					t.Errorf("ParseScalingMode(%q) error = %v; want %s", tc.in, err, tc.err)
				}
			case err != nil || got != tc.want:
				t.Errorf("ParseScalingMode(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			case got.String() != strings.ToLower(tc.in):
				t.Errorf("%v.String() = %q; want %q", got, got.String(), strings.ToLower(tc.in))
			}
		})
	}
}

// TestValidateStreams: two functions drawing from one stream name would
// draw the same numbers; a duplicate name is reported once, as a name.
func TestValidateStreams(t *testing.T) {
	for _, tc := range []struct {
		name    string
		a, b    Function
		streams string
		want    []string
	}{
		{"explicit clash", DefaultFunction("fn"), DefaultFunction("x"), "lambda/fn",
			[]string{`functions.x.streams: another function draws from streams of this name; give each function its own (got lambda/fn)`}},
		{"duplicate name", DefaultFunction("fn"), DefaultFunction("fn"), "",
			[]string{`functions.fn: duplicate function name (got fn)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.b.Streams = tc.streams
			c.Functions = []Function{tc.a, tc.b}
			err := c.Validate()
			simtest.CheckProblems(t, err, tc.want...)
			if n := strings.Count(err.Error(), "functions."); n != 1 {
				t.Errorf("%d problems, want 1: %v", n, err)
			}
		})
	}
}

// TestSnapStartOf: the managed runtimes snapstart.html lists (Java 11+,
// Python 3.12+, .NET 8+) and nothing else, later versions included.
func TestSnapStartOf(t *testing.T) {
	for _, tc := range []struct {
		runtime string
		want    SnapStartKind
	}{
		{"java11", SnapStartJava}, {"java21", SnapStartJava}, {"java25", SnapStartJava}, {"Java17", SnapStartJava},
		{"java8.al2", NoSnapStart}, {"java8", NoSnapStart},
		{"python3.12", SnapStartCharged}, {"python3.14", SnapStartCharged},
		{"python3.11", NoSnapStart}, {"python3.9", NoSnapStart},
		{"dotnet8", SnapStartCharged}, {"dotnet10", SnapStartCharged},
		{"dotnet8 aot", NoSnapStart}, {"dotnet7", NoSnapStart}, {"dotnet6", NoSnapStart},
		{"nodejs22.x", NoSnapStart}, {"ruby3.4", NoSnapStart}, {"go", NoSnapStart}, {"rust", NoSnapStart},
		{"graalvm java21", NoSnapStart}, {"", NoSnapStart},
	} {
		if got := SnapStartOf(tc.runtime); got != tc.want {
			t.Errorf("SnapStartOf(%q) = %d; want %d", tc.runtime, got, tc.want)
		}
	}
}
